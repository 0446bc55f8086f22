"""ITA Desktop: reports on integrity and transparency measures for Thai public agencies."""

__version__ = "0.1.0"
