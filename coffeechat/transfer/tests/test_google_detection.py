"""A Google Contacts CSV is recognised by its columns, with or without Labels."""

from coffeechat.transfer.parsers import parse_bytes

WITHOUT_LABELS = (
    "\ufeffFirst Name,Middle Name,Last Name,Organization Name,Organization Title,"
    "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\r\n"
    "Hedy,,Lamarr,Frequency Hopping Ltd,Inventor,Work,hedy@example.org,Mobile,+1 555 0100\r\n"
).encode()


def test_it_recognises_google_without_the_labels_column():
    result = parse_bytes(WITHOUT_LABELS)
    assert result.format == "google"
    hedy = result.records[0]
    assert (hedy.emails, hedy.phones) == (["hedy@example.org"], ["+1 555 0100"])
    assert (hedy.organisation, hedy.role) == ("Frequency Hopping Ltd", "Inventor")


def test_it_still_leaves_other_csvs_to_the_column_choice():
    other = b"First Name,Last Name,E-mail Address,E-mail 2 Address\r\nA,B,a@example.org,\r\n"
    assert parse_bytes(other).format == "csv"
