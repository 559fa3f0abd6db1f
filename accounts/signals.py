"""What the accounts tell the apps above them, whose receivers connect in ``AppConfig.ready()``."""

from django.dispatch import Signal

#: ``user`` (locked, still holding its data) is being closed at its holder's request.
#: Sent inside the closing transaction, with ``author_placeholder`` (the name that stands
#: for the author from now on): each app removes or anonymises the personal data it holds
#: (initiatives, notifications); anything a receiver raises undoes the whole closing.
account_closing = Signal()
