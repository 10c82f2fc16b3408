"""Domain logic the views and the CLI call. Views stay thin; rules live here."""
