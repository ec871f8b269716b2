"""Table discussions: rounds of tables with a host, a rapporteur, a topic and guiding questions.

* :mod:`.setup` -- organisers create rounds (optionally tied to a ``table_round`` session of
  the programme), tables and their guiding questions.
* :mod:`.seats` -- confirmed participants sign up for one table per round, change or leave;
  organisers assign, move and auto-assign the rest.
* :mod:`.notes` -- rapporteurs and hosts write statements per question, then submit them.
* :mod:`.conclusions` -- organisers curate conclusions linked to their source notes, with
  follow-up actions (optionally linked to a partnership).
* :mod:`.report` -- the conclusions report in Markdown and PDF, with numbered references.

Grouping and clustering the notes for the harvesting page lives in
:mod:`smartregions.events.domain.harvest`.
"""
