import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.domain.idnumber import IdNumberError, check_char, mask_id_number, validate_id_number


def test_gb11643_example_is_valid():
    assert validate_id_number("11010519491231002X") == "11010519491231002X"


def test_lower_case_and_full_width_are_normalised():
    assert validate_id_number("11010519491231002x") == "11010519491231002X"
    assert validate_id_number("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"


@pytest.mark.parametrize("raw,code", [
    ("110105194912310021", "check"),
    ("110105194902300021", "birth_date"),
    ("110105299912310021", "birth_date"),
    ("11010519491231002", "length"),
    ("110105491231002", "length"),
    ("11010519491231A02X", "chars"),
])
def test_invalid_numbers_say_why(raw, code):
    with pytest.raises(IdNumberError) as exc:
        validate_id_number(raw)
    assert exc.value.code == code
    assert exc.value.zh and exc.value.en


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_char_detects_single_digit_changes_and_transpositions(body):
    number = body + check_char(body)
    for i in range(17):
        for d in "0123456789":
            if d != body[i]:
                changed = body[:i] + d + body[i + 1:]
                assert check_char(changed) != number[17]
    for i in range(16):
        if body[i] != body[i + 1]:
            swapped = body[:i] + body[i + 1] + body[i] + body[i + 2:]
            assert check_char(swapped) != number[17]


def test_mask():
    assert mask_id_number("11010519491231002X") == "110105********002X"
