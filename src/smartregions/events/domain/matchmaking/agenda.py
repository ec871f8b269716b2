"""A participant's meeting agenda as files: a PDF to print and an iCalendar file to import.

Both list the placed meetings the participant may see (see
:func:`~smartregions.events.domain.queries.matchmaking.agenda`), in time order: slot times in
the event's time zone (labelled) in the PDF, in UTC in the calendar file. Read only.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import dateformat
from django.utils.translation import gettext as _

from smartregions.common.pdf import PdfDocument
from smartregions.events.domain.ical import IcsEvent, calendar
from smartregions.events.domain.queries.matchmaking import Agenda, AgendaItem, country_of
from smartregions.events.models import Event, Registration

#: Longest message printed in a PDF cell (fpdf cannot split a table row across pages).
PDF_CELL_LIMIT = 200


def _cell(text: str) -> str:
    return text if len(text) <= PDF_CELL_LIMIT else text[: PDF_CELL_LIMIT - 1].rstrip() + "…"


def _local_span(item: AgendaItem, zone: str) -> str:
    tz = ZoneInfo(zone)
    slot = item.slot
    start = dateformat.format(slot.starts_at.astimezone(tz), "j M Y, H:i")
    return f"{start}\N{EN DASH}{dateformat.format(slot.ends_at.astimezone(tz), 'H:i')}"


def _organisation(registration: Registration) -> str:
    return registration.organisation.name if registration.organisation else ""


def agenda_pdf(
    registration: Registration,
    event: Event,
    agenda: Agenda,
    *,
    compress: bool = True,
    generated_at: dt.datetime | None = None,
) -> bytes:
    """The agenda as a PDF: one row per placed meeting (time, table, partner, organisation,
    country, message), then the meetings still waiting for a slot."""
    zone = event.timezone
    doc = PdfDocument(
        title=_("My B2B meetings: %s") % event.title,
        subtitle=_("%(name)s · times in %(zone)s")
        % {"name": registration.badge_name, "zone": zone},
        compress=compress,
        generated_at=generated_at,
    )
    if agenda.placed:
        doc.table(
            [_("Time"), _("Table"), _("Partner"), _("Organisation"), _("Country"), _("Message")],
            [
                [
                    _local_span(item, zone),
                    str(item.meeting.table_number),
                    item.partner.badge_name,
                    _organisation(item.partner),
                    country.name if (country := country_of(item.partner)) else "",
                    _cell(item.message),
                ]
                for item in agenda.placed
            ],
            widths=(7, 3, 6, 6, 4, 8),
        )
    else:
        doc.paragraph(_("No meeting has a time yet."))
    if agenda.waiting:
        doc.heading(_("Waiting for a time"), level=2)
        doc.bullets(
            f"{item.partner.badge_name}"
            + (f" ({_organisation(item.partner)})" if item.partner.organisation else "")
            for item in agenda.waiting
        )
    return doc.to_bytes()


def _location(event: Event, table: int) -> str:
    place = ", ".join(part for part in (event.venue, event.city) if part)
    if event.is_online:
        place = _("Online")
    table_text = _("table %d") % table
    return f"{place} \N{EN DASH} {table_text}" if place else table_text


def agenda_ics(
    registration: Registration,
    event: Event,
    agenda: Agenda,
    *,
    generated_at: dt.datetime | None = None,
) -> str:
    """The agenda's placed meetings as an iCalendar file (one ``VEVENT`` per meeting, UID
    ``meeting-<id>@smartregions``, linking to the meeting's page)."""
    site = settings.SITE_URL.rstrip("/")
    items = []
    for item in agenda.placed:
        meeting, partner = item.meeting, item.partner
        organisation = _organisation(partner)
        who = f"{partner.badge_name} ({organisation})" if organisation else partner.badge_name
        description = _("Table %(table)d with %(who)s.") % {
            "table": meeting.table_number,
            "who": who,
        }
        if item.message:
            description += "\n\n" + item.message
        items.append(
            IcsEvent(
                uid=f"meeting-{meeting.pk}@smartregions",
                starts_at=meeting.slot.starts_at,
                ends_at=meeting.slot.ends_at,
                summary=_("B2B meeting: %s") % who,
                description=description,
                location=_location(event, meeting.table_number),
                url=site + reverse("web:event-meeting", args=[event.slug, meeting.pk]),
            )
        )
    return calendar(
        items,
        name=_("%(event)s: meetings of %(name)s")
        % {"event": event.title, "name": registration.badge_name},
        generated_at=generated_at,
    )
