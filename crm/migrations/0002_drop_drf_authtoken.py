"""API tokens moved from DRF's authtoken (one unexpiring token per user, stored in clear) to django-rest-knox.

The old table is dropped: its tokens never expired and could not be revoked, so none of them is carried over (each
client logs in again for a knox token). Nothing to do on a database that never had it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("crm", "0001_roles")]

    operations = [migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop)]
