"""Text analytics for Heard: redaction, sentiment, themes, tracking and disclosure control.

This package never imports Flask: it is used from the web app, the command line and background jobs alike.
"""
