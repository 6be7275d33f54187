import pytest

from moukawil.core.errors import BusinessError
from moukawil.registry.identity import name_key, normalise_identity, normalise_phone
from moukawil.registry.numbers import is_valid_registration_number, registration_number


@pytest.mark.parametrize(("raw", "clean"), [("bk 123456", "BK123456"), ("A-12345", "A12345"), (" j.4567 ", "J4567")])
def test_cins_are_normalised(raw, clean):
    assert normalise_identity(raw) == clean


@pytest.mark.parametrize("raw", ["", "123456", "ABC12345", "BK1234567", "B12", "BK12345X"])
def test_badly_shaped_cins_are_refused_naming_the_field(raw):
    with pytest.raises(BusinessError) as refused:
        normalise_identity(raw)
    assert refused.value.field == "cin"
    assert "CIN invalide" in refused.value.message


def test_phones_are_stored_in_e164():
    assert normalise_phone("06 12 34 56 78") == "+212612345678"
    assert normalise_phone("+212 5 22 12 34 56") == "+212522123456"
    assert normalise_phone("") == ""
    with pytest.raises(BusinessError, match="téléphone invalide"):
        normalise_phone("12345")


@pytest.mark.parametrize(
    "names",
    [
        [("Mohamed", "El Amrani"), ("Mohammed", "Amrani"), ("Mohamad", "Al-Amrani"), ("محمد", "العمراني")],
        [("Youssef", "Ben Ali"), ("Yusuf", "Bin Ali"), ("يوسف", "بن علي")],
        [("Fatima Zahra", "Tazi"), ("فاطمة الزهراء", "التازي")],
        [("Hicham", "Benjelloun"), ("Hisham", "Ben Jelloun"), ("هشام", "بنجلون")],
    ],
)
def test_spellings_and_scripts_of_one_name_share_a_key(names):
    keys = {name_key(first, last) for first, last in names}
    assert len(keys) == 1, keys


def test_different_names_have_different_keys():
    assert name_key("Mohamed", "Amrani") != name_key("Ahmed", "Amrani")
    assert name_key("Youssef", "Tazi") != name_key("Youssef", "Alaoui")
    assert name_key("", "Tazi") == ""


def test_registration_numbers_carry_check_digits():
    number = registration_number(2026, 123)
    assert number.startswith("2026-000123-")
    assert is_valid_registration_number(number)
    assert not is_valid_registration_number(number.replace("000123", "000132"))
    assert not is_valid_registration_number("2026-123")
