"""Amounts in Chinese capital numerals (大写金额), as receipts and contracts write them.

``rmb_capital(1234567.89)`` gives ``壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分``. The rules of Chinese
bookkeeping: a run of zeros inside the number is written once as 零 (``1005`` 壹仟零伍元整), zeros
closing a section of ten thousand (万) or a hundred million (亿) are not written (``10005000``
壹仟万伍仟元整), a section that starts below its thousands, or follows a section of zeros, is led by
零 (``100001000`` 壹亿零壹仟元整), an amount without fen ends with 整, and a fen after no jiao takes
a 零 (``1.05`` 壹元零伍分).
"""

from recrm.core.payment_schedule import money
from recrm.core.protection import as_date

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
SECTIONS = ("", "万", "亿", "万亿")


def _section(number: int) -> str:
	"""A number below 10,000 in capitals, zeros inside written once and trailing zeros dropped."""
	text, zero = "", False
	for place in range(3, -1, -1):
		digit = number // 10**place % 10
		if digit == 0:
			zero = bool(text)
			continue
		if zero:
			text += DIGITS[0]
			zero = False
		text += DIGITS[digit] + PLACES[place]
	return text


def integer_capital(number: int) -> str:
	"""A whole number in capitals, without the currency: ``10005000`` gives 壹仟万零伍仟."""
	if number == 0:
		return DIGITS[0]
	sections = []
	while number:
		number, rest = divmod(number, 10_000)
		sections.append(rest)
	text = ""
	for index in range(len(sections) - 1, -1, -1):
		value = sections[index]
		if value == 0:
			continue
		if text and (value < 1000 or sections[index + 1] == 0):
			text += DIGITS[0]
		text += _section(value) + SECTIONS[index]
	return text


def rmb_capital(amount, prefix: str = "") -> str:
	"""An amount of yuan in capitals: ``1234567.89`` → 壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分,
	``0`` → 零元整, ``0.5`` → 伍角整, ``-3`` → 负叁元整. ``prefix`` (e.g. 人民币) leads the text.
	At most two decimals, within what ``money`` accepts."""
	value = money(amount)
	negative = value < 0
	value = abs(value)
	fen_total = int(value * 100)
	yuan, fen_part = divmod(fen_total, 100)
	jiao, fen = divmod(fen_part, 10)
	text = ""
	if yuan:
		text = integer_capital(yuan) + "元"
	if jiao:
		text += DIGITS[jiao] + "角"
	if fen:
		if yuan and not jiao:
			text += DIGITS[0]
		text += DIGITS[fen] + "分"
	if not text:
		text = DIGITS[0] + "元"
	if not fen:
		text += "整"
	return prefix + ("负" if negative else "") + text


def rmb_figures(amount) -> str:
	"""An amount in figures with the yuan sign and thousands separators: ``¥1,234,567.89``."""
	value = money(amount or 0)
	return f"{'-' if value < 0 else ''}¥{abs(value):,.2f}"


def cn_date(value) -> str:
	"""A date as Chinese documents write it: ``2026年11月23日``; empty for no date."""
	day = as_date(value)
	return f"{day.year}年{day.month}月{day.day}日" if day else ""
