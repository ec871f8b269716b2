"""Who may add datasets and (re)compute their results.

Results are public: anyone may read datasets and their evidence. Adding a dataset (importing
observations) and requesting a computation cost server time and change what everyone sees, so
only platform administrators and facilitators may do them. Both permissions take the dataset
(or ``None`` for a new one) as object; the rule does not depend on it.
"""

from __future__ import annotations

import rules

from smartregions.accounts.rules import is_platform_staff

rules.add_perm("analytics.view_dataset", rules.always_allow)
rules.add_perm("analytics.add_dataset", is_platform_staff)
rules.add_perm("analytics.run_computation", is_platform_staff)
