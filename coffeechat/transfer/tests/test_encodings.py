"""Files in other encodings read as their authors wrote them; a bad byte is reported."""

from coffeechat.transfer.parsers import parse_bytes

GREEK = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;CHARSET=WINDOWS-1253:Παπαδόπουλος;Γιώργος\r\n"
    "FN;CHARSET=WINDOWS-1253:Γιώργος Παπαδόπουλος\r\n"
    "ORG;CHARSET=WINDOWS-1253:Εθνική Τράπεζα\r\n"
    "END:VCARD\r\n"
)
JAPANESE = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\n"
    "N;CHARSET=SHIFT_JIS:山田;太郎;;;\r\n"
    "FN;CHARSET=SHIFT_JIS:山田 太郎\r\n"
    "TITLE;CHARSET=SHIFT_JIS:営業部長\r\n"
    "END:VCARD\r\n"
)


def without_charset(card: str) -> str:
    return card.replace(";CHARSET=WINDOWS-1253", "").replace(";CHARSET=SHIFT_JIS", "")


def test_it_honours_charset_on_plain_lines():
    greek = parse_bytes(GREEK.encode("cp1253")).records[0]
    assert (greek.given_name, greek.family_name) == ("Γιώργος", "Παπαδόπουλος")
    assert greek.organisation == "Εθνική Τράπεζα"
    japanese = parse_bytes(JAPANESE.encode("shift_jis")).records[0]
    assert (japanese.family_name, japanese.given_name, japanese.role) == (
        "山田",
        "太郎",
        "営業部長",
    )


def test_it_honours_a_charset_line_inside_a_utf8_file():
    mixed = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ünal\r\nEND:VCARD\r\n".encode() + GREEK.replace(
        "N;CHARSET=WINDOWS-1253:Παπαδόπουλος;Γιώργος\r\n", ""
    ).encode("cp1253")
    result = parse_bytes(mixed)
    assert [r.display_name for r in result.records] == ["Zoë Ünal", "Γιώργος Παπαδόπουλος"]
    assert result.errors == []


def test_it_guesses_the_encoding_before_falling_back_to_windows_1252():
    greek = parse_bytes(without_charset(GREEK).encode("cp1253")).records[0]
    assert greek.display_name == "Γιώργος Παπαδόπουλος"
    japanese = parse_bytes(without_charset(JAPANESE).encode("shift_jis")).records[0]
    assert japanese.display_name == "山田 太郎"


def test_it_reports_the_line_of_a_bad_byte_in_a_utf8_file():
    data = "First Name,Last Name,Email\r\nZoë,Ünal,zoe@example.org\r\n".encode() + (
        b"Bad,Byte\xff,bad@example.org\r\n"
    )
    result = parse_bytes(data, "csv")
    assert result.encoding == "utf-8"
    assert result.records[0].given_name == "Zoë"
    assert [(e.line, "not UTF-8" in e.message) for e in result.errors] == [(3, True)]
