"""What intake tells the apps above it, whose receivers connect in ``AppConfig.ready()``."""

from django.dispatch import Signal

#: A bulk import committed ``created`` initiatives (more than none) anywhere in the
#: importer's subtree, written by COPY or bulk inserts, so without model signals. Sent
#: once the rows are committed.
initiatives_imported = Signal()
