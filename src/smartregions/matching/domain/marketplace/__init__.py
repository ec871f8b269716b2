"""The organisation marketplace: cooperation profiles, expressions of interest, saved searches.

Modules: :mod:`.profiles` (draft -> published -> expired / withdrawn, renewal),
:mod:`.interests` (express, accept, decline, withdraw, with e-mail notices),
:mod:`.saved_searches` (saved searches and their e-mail digests), :mod:`.matching`
(profile-to-profile matching with reasons), :mod:`.queries` (search and reads) and
:mod:`.demo` (synthetic demo profiles).
"""
