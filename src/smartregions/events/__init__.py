"""Events: calendar, registration, programme, exhibition, pitches, tables, B2B meetings."""
