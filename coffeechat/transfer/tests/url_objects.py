"""Objects for the project-wide URL privacy walk (core/tests/test_every_url_is_private.py)."""

from coffeechat.transfer.models import ImportBatch


def _batch(case) -> int:
    return ImportBatch.objects.create(
        user=case.alice,
        filename="Connections.csv",
        format="linkedin",
        data=b"First Name,Last Name,Company,Position,Connected On\nAda,L,X,Y,07 Dec 2025\n",
    ).pk


BUILDERS = {"batch_id": _batch}
