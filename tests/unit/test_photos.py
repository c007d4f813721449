import pytest

from recrm.core import RuleError
from recrm.core.photos import MAX_PHOTO_BYTES, check_photo, extension, image_kind

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 "
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3"


def code(call) -> str:
	with pytest.raises(RuleError) as error:
		call()
	return error.value.code


@pytest.mark.parametrize(
	"name,head,kind",
	[
		("site.jpg", JPEG, "jpeg"),
		("SITE.JPEG", JPEG, "jpeg"),
		("plan.png", PNG, "png"),
		("a.webp", WEBP, "webp"),
	],
)
def test_images_of_the_accepted_kinds_pass(name, head, kind):
	assert check_photo(name, 2_000_000, head) == kind


@pytest.mark.parametrize("name", ["contract.pdf", "run.sh", "photo", "photo.jpg.exe", "archive.zip"])
def test_other_files_are_refused_by_their_name(name):
	assert code(lambda: check_photo(name, 1000, PDF)) == "not_a_photo"


def test_a_document_renamed_to_look_like_a_photo_is_refused_by_its_content():
	assert code(lambda: check_photo("photo.jpg", 1000, PDF)) == "photo_content_mismatch"
	assert code(lambda: check_photo("photo.jpg", 1000, b"<svg xmlns=")) == "photo_content_mismatch"
	# a PNG called .jpg is not what it claims either
	assert code(lambda: check_photo("photo.jpg", 1000, PNG)) == "photo_content_mismatch"


def test_ten_megabytes_is_the_limit():
	assert check_photo("big.jpg", MAX_PHOTO_BYTES, JPEG) == "jpeg"
	with pytest.raises(RuleError) as error:
		check_photo("big.jpg", MAX_PHOTO_BYTES + 1, JPEG)
	assert error.value.code == "photo_too_large"
	assert error.value.params["max"] == "10.0"


def test_kinds_and_extensions():
	assert image_kind(b"GIF89a") is None
	assert image_kind(b"RIFF\x00\x00\x00\x00WAVE") is None
	assert extension("/private/files/IMG_0001.JPG") == "jpg"
	assert extension("noext") == ""
