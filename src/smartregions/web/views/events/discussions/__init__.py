"""Table discussions of an event: the public page and sign-up (:mod:`.pages`), organisers'
round and table pages (:mod:`.setup`), rapporteurs' notes (:mod:`.notes`) and harvesting with
the conclusions report (:mod:`.harvest`)."""
