import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.phones import (
	PhoneSearch,
	is_cn_mobile,
	mask_phone,
	normalise_phone,
	phone_search_keys,
	phone_tail,
	split_phone,
)

MOBILE = "+8613800138000"
BEIJING = "+861065529988"


@pytest.mark.parametrize(
	"text",
	[
		"+86 138 0013 8000",
		"138-0013-8000",
		"13800138000",
		"(+86)13800138000",
		"(+86) 138 0013 8000",
		"0086 138 0013 8000",
		"0086-13800138000",
		"+8613800138000",
		"8613800138000",
		"86 138 0013 8000",
		" 138 0013 8000 ",
		"138.0013.8000",
		"１３８００１３８０００",  # full-width digits
		"＋８６ １３８ ００１３ ８０００",
		"（＋８６）１３８　００１３　８０００",  # full-width parentheses and ideographic spaces
		"138－0013－8000",  # full-width hyphen
		"138—0013—8000",  # em dash
		"138–0013–8000",  # en dash
		"138·0013·8000",
		"+86 (0)138 0013 8000",
		13800138000,  # a number from a spreadsheet cell
	],
)
def test_every_common_way_of_writing_a_mobile(text):
	assert normalise_phone(text) == MOBILE


@pytest.mark.parametrize(
	"text",
	[
		"+86-10-6552-9988",
		"010 6552 9988",
		"010-65529988",
		"(010) 6552-9988",
		"０１０－６５５２９９８８",
		"+86 010 6552 9988",  # the trunk 0 kept after the country code
		"+86 (0)10 6552 9988",
		"0086 10 6552 9988",
		"86 10 6552 9988",
	],
)
def test_a_beijing_landline(text):
	assert normalise_phone(text) == BEIJING


@pytest.mark.parametrize(
	"text,expected",
	[
		("021-6123 4567", "+862161234567"),  # Shanghai, 2-digit area code
		("020 8888 6666", "+862088886666"),  # Guangzhou
		("0514-8796 1234", "+8651487961234"),  # Yangzhou, 3-digit area code and 8 digits
		("0771 234 5678", "+867712345678"),  # 3-digit area code and 7 digits
		("400-810-8888", "+864008108888"),
		("800 810 8888", "+868008108888"),
		("19912345678", "+8619912345678"),
		("15012345678", "+8615012345678"),
	],
)
def test_other_chinese_numbers(text, expected):
	assert normalise_phone(text) == expected


@pytest.mark.parametrize(
	"text,expected",
	[
		("+852 9123 4567", "+85291234567"),  # Hong Kong: 3-digit country code
		("+853 6612 3456", "+85366123456"),
		("+886 912 345 678", "+886912345678"),
		("+1 (415) 555-0100", "+14155550100"),
		("001 415 555 0100", "+14155550100"),
		("+44 (0)20 7946 0958", "+442079460958"),
		("+44 20 7946 0958", "+442079460958"),
		("+39 06 1234 5678", "+390612345678"),  # Italy keeps its 0
		("+65 6123 4567", "+6561234567"),
		("+7 495 123-45-67", "+74951234567"),
	],
)
def test_international_numbers(text, expected):
	assert normalise_phone(text) == expected


@pytest.mark.parametrize(
	"text,country,expected",
	[
		("020 7946 0958", "44", "+442079460958"),
		("(415) 555-0100", "1", "+14155550100"),
		("1 415 555 0100", "+1", "+14155550100"),
		("06 1234 5678", "39", "+390612345678"),
		("9123 4567", "852", "+85291234567"),
		("138 0013 8000", "0086", "+8613800138000"),
	],
)
def test_national_numbers_of_another_default_country(text, country, expected):
	assert normalise_phone(text, default_country=country) == expected


@pytest.mark.parametrize(
	"text,reason",
	[
		("", "empty"),
		("   ", "empty"),
		(None, "empty"),
		("abc", "not_a_number"),
		("138-0013-800O", "not_a_number"),  # a letter O for a zero
		("138 0013 8000 ext 12", "not_a_number"),
		("010-6552-9988转123", "not_a_number"),
		("13800138000/13900139000", "not_a_number"),
		("tel:13800138000", "not_a_number"),
		("١٣٨٠٠١٣٨٠٠٠", "not_a_number"),  # Arabic-Indic digits are no phone of ours
		("86+13800138000", "misplaced_plus"),
		("++8613800138000", "misplaced_plus"),
		("1380013800", "too_short"),
		("138001380001", "too_long"),
		("12800138000", "bad_mobile"),
		("11012345678", "bad_mobile"),
		("10 6552 9988", "too_short"),  # written nationally, a 1 starts a mobile
		("6552 9988", "no_area_code"),
		("555 0100", "no_area_code"),
		("010 6552 998", "too_short"),
		("010 6552 99881", "too_long"),
		("010 0552 9988", "bad_landline"),  # subscriber numbers never start with 0 or 1
		("0514 1796 1234", "bad_landline"),
		("0514 796 12", "too_short"),
		("+86 1380013800", "too_short"),
		("+86 12800138000", "bad_mobile"),
		("+86 0", "too_short"),
		("+", "too_short"),
		("+0 123 4567", "bad_country_code"),
		("+44 1234 5678 9012 345", "too_long"),
		("+44 12", "too_short"),
		("+1 415 555 010", "too_short"),
		("+1 415 555 01000", "too_long"),
		("+1 015 555 0100", "bad_number"),
		("+1 415 155 0100", "bad_number"),
		("001000000", "too_short"),
		(True, "not_a_number"),
		(13.8, "not_a_number"),
	],
)
def test_malformed_numbers_are_refused_with_the_text_as_typed(text, reason):
	with pytest.raises(RuleError) as error:
		normalise_phone(text)
	assert error.value.code == "bad_phone"
	assert error.value.params["phone"] == text
	assert error.value.params["reason"] == reason


@pytest.mark.parametrize("country", ["", "abc", "0", "+0086x", "1234"])
def test_a_bad_default_country_is_refused(country):
	with pytest.raises(RuleError) as error:
		normalise_phone("13800138000", default_country=country)
	assert error.value.code == "bad_country_code"


def test_split_and_classify():
	assert split_phone("138-0013-8000") == ("86", "13800138000")
	assert split_phone(BEIJING) == ("86", "1065529988")
	assert split_phone("+852 9123 4567") == ("852", "91234567")
	assert split_phone("+1 415 555 0100") == ("1", "4155550100")
	assert is_cn_mobile("138 0013 8000")
	assert not is_cn_mobile(BEIJING)
	assert not is_cn_mobile("+852 9123 4567")


@pytest.mark.parametrize(
	"phone,masked",
	[
		(MOBILE, "138****8000"),
		("138-0013-8000", "138****8000"),
		(BEIJING, "106***9988"),
		("+8651487961234", "514****1234"),
		("+852 9123 4567", "+852 91****67"),
		("+44 20 7946 0958", "+44 207***0958"),
		("+1 415 555 0100", "+1 415***0100"),
		("", ""),
		(None, ""),
		("138****8000", "138****8000"),  # already masked
		("12345", "1***5"),  # legacy value that does not normalise: masked all the same
		("1380013800", "138***3800"),
		("abc", ""),
	],
)
def test_masking(phone, masked):
	assert mask_phone(phone) == masked


def test_masking_for_another_home_country():
	assert mask_phone("+852 9123 4567", home_country="852") == "91****67"
	assert mask_phone(MOBILE, home_country="852") == "+86 138****8000"


def test_tail_is_the_last_four_digits():
	assert phone_tail("138-0013-8000") == "8000"
	assert phone_tail(BEIJING, 6) == "529988"


@pytest.mark.parametrize(
	"text,expected",
	[
		("138 0013 8000", PhoneSearch(exact=MOBILE, suffix="13800138000", tail="8000")),
		("+86 138 0013 8000", PhoneSearch(exact=MOBILE, suffix=None, tail="8000")),
		("0086 138 0013 8000", PhoneSearch(exact=MOBILE, suffix="008613800138000", tail="8000")),
		("010 6552 9988", PhoneSearch(exact=BEIJING, suffix="01065529988", tail="9988")),
		("800 810 8888", PhoneSearch(exact="+868008108888", suffix="8008108888", tail="8888")),
		("8000", PhoneSearch(exact=None, suffix="8000", tail="8000")),
		("0013 8000", PhoneSearch(exact=None, suffix="00138000", tail="8000")),
		("6552 9988", PhoneSearch(exact=None, suffix="65529988", tail="9988")),
		("１３８０", PhoneSearch(exact=None, suffix="1380", tail="1380")),
	],
)
def test_search_keys(text, expected):
	assert phone_search_keys(text) == expected


@pytest.mark.parametrize(
	"text,reason",
	[("800", "too_short"), ("", "empty"), ("abc8000", "not_a_number"), ("+86 138", "too_short")],
)
def test_search_keys_refuse_too_little_or_letters(text, reason):
	with pytest.raises(RuleError) as error:
		phone_search_keys(text)
	assert error.value.code == "bad_phone"
	assert error.value.params["reason"] == reason


def test_a_partial_number_finds_the_end_of_a_stored_one():
	for typed in ("8000", "0013 8000", "38 0013 8000"):
		keys = phone_search_keys(typed)
		assert MOBILE.endswith(keys.suffix)
		assert phone_tail(MOBILE) == keys.tail


# ---- properties -------------------------------------------------------------------------------

mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
landlines = st.one_of(
	st.from_regex(r"0(10|2[0-9])[2-9][0-9]{7}", fullmatch=True),
	st.from_regex(r"0[3-9][0-9]{2}[2-9][0-9]{6,7}", fullmatch=True).filter(
		lambda d: d[1:4] not in ("400", "800")
	),
)
separators = st.sampled_from([" ", "-", "", ".", "　", "－", "—"])


@st.composite
def written(draw, digits_strategy=mobiles):
	"""A Chinese number written the way people write it: grouped, prefixed, full-width or not."""
	digits = draw(digits_strategy)
	sep = draw(separators)
	groups, i = [], 0
	while i < len(digits):
		size = draw(st.integers(1, 4))
		groups.append(digits[i : i + size])
		i += size
	text = sep.join(groups)
	prefix = draw(st.sampled_from(["", "+86 ", "0086 ", "(+86)", "+86-"]))
	if prefix and text.startswith("0"):
		text = text[1:] if draw(st.booleans()) else text
	text = prefix + text
	if draw(st.booleans()):
		text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789+()"})
	return digits, text


@given(written())
def test_any_way_of_writing_a_mobile_gives_the_same_number(case):
	digits, text = case
	assert normalise_phone(text) == "+86" + digits


@given(written(landlines))
def test_any_way_of_writing_a_landline_gives_the_same_number(case):
	digits, text = case
	assert normalise_phone(text) == "+86" + digits[1:]


@given(st.one_of(written(), written(landlines)))
def test_normalise_is_idempotent(case):
	_digits, text = case
	once = normalise_phone(text)
	assert normalise_phone(once) == once
	assert re.fullmatch(r"\+[1-9][0-9]{7,14}", once)


@given(st.text(max_size=25))
def test_normalise_either_answers_in_e164_or_refuses(text):
	try:
		result = normalise_phone(text)
	except RuleError as error:
		assert error.code == "bad_phone"
		return
	assert re.fullmatch(r"\+[1-9][0-9]{6,14}", result)
	assert normalise_phone(result) == result


@given(mobiles)
def test_mask_never_reveals_the_middle_digits(digits):
	masked = mask_phone("+86" + digits)
	assert masked == digits[:3] + "****" + digits[-4:]
	assert mask_phone(masked) == masked


@given(st.text(alphabet="0123456789 -+()", max_size=20))
def test_mask_hides_the_middle_of_anything(text):
	national = mask_phone(text).split(" ")[-1]
	hidden = national.count("*")
	assert hidden >= min(len(national), 2)
	assert hidden >= len(national) - 7
	assert set(national[3:-4]) <= {"*"}


@given(st.one_of(written(), written(landlines)))
def test_search_keys_never_contradict_the_number(case):
	_digits, text = case
	keys = phone_search_keys(text)
	assert keys.exact == normalise_phone(text)
	assert keys.tail == phone_tail(keys.exact)
	assert (keys.suffix is None) == text.lstrip("(（").startswith(("+", "＋"))


@given(written())
def test_a_number_is_found_by_its_last_digits(case):
	digits, _text = case
	stored = normalise_phone(digits)
	for n in range(4, 12):
		keys = phone_search_keys(digits[-n:])
		assert stored.endswith(keys.suffix)
		assert keys.tail == phone_tail(stored)
