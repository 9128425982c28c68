"""Evidence files for a self-assessment, pure: the type is read from the first bytes, never from the name."""

from __future__ import annotations

from eldercare.errors import Invalid

MAX_BYTES = 5 * 1024 * 1024  # 5 MB a file
SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"%PDF-", "application/pdf"))


def content_type_of(data: bytes) -> str | None:
    """JPEG, PNG or PDF by their magic bytes; None for anything else."""
    return next((kind for magic, kind in SIGNATURES if data.startswith(magic)), None)


def check_file(data: bytes, filename: str) -> str:
    """The file's content type; an empty, oversized or other file is refused beside the upload field."""
    if not data:
        raise Invalid("请选择要上传的文件。", fields={"file": "请选择要上传的文件。"})
    if len(data) > MAX_BYTES:
        message = f"文件 {len(data) / 1024 / 1024:.1f} MB，超过 5 MB 的上限，请压缩后再上传。"
        raise Invalid(message, fields={"file": message})
    kind = content_type_of(data)
    if kind is None:
        message = "只能上传 JPEG、PNG 照片或 PDF 扫描件（按文件内容识别，改扩展名无效）。"
        raise Invalid(message, fields={"file": message})
    return kind


def clean_filename(name: str) -> str:
    """The file's own name without any directory, at most 200 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return (base or "证明材料")[:200]
