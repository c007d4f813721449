"""Photos on the buyer portal: images of a few kinds, of a limited size, recognised by content.

A file's name says what it claims to be; its first bytes say what it is. A photo is accepted only
when both agree on one of ``PHOTO_KINDS`` and it is at most ``MAX_PHOTO_BYTES`` long, so that a
renamed document, script or archive is refused whatever it is called.
"""

from recrm.core import RuleError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
# kind -> the file name extensions that claim it
PHOTO_KINDS = {
	"jpeg": ("jpg", "jpeg"),
	"png": ("png",),
	"webp": ("webp",),
}


def image_kind(head: bytes) -> str | None:
	"""The kind of image ``head`` (the first bytes of a file, 12 suffice) starts, or None."""
	if head.startswith(b"\xff\xd8\xff"):
		return "jpeg"
	if head.startswith(b"\x89PNG\r\n\x1a\n"):
		return "png"
	if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
		return "webp"
	return None


def extension(filename: str) -> str:
	name = (filename or "").rsplit("/", 1)[-1]
	return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_photo(filename: str, size: int, head: bytes, max_bytes: int = MAX_PHOTO_BYTES) -> str:
	"""The kind of the photo; RuleError when it is not an image of an accepted kind, when its name
	and its content disagree, or when it is larger than ``max_bytes``."""
	claimed = extension(filename)
	kinds = [kind for kind, extensions in PHOTO_KINDS.items() if claimed in extensions]
	if not kinds:
		raise RuleError("not_a_photo", name=filename, accepted=accepted_extensions())
	if size > max_bytes:
		raise RuleError("photo_too_large", name=filename, size=megabytes(size), max=megabytes(max_bytes))
	actual = image_kind(head)
	if actual != kinds[0]:
		raise RuleError("photo_content_mismatch", name=filename, accepted=accepted_extensions())
	return actual


def accepted_extensions() -> str:
	return ", ".join(ext.upper() for extensions in PHOTO_KINDS.values() for ext in extensions[:1])


def megabytes(size: int) -> str:
	return f"{size / (1024 * 1024):.1f}"
