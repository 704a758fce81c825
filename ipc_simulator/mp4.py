"""Small playable MP4 files, made in pure Python: H.264 video in an ISO BMFF file.

The video is 176x144 at 2 frames per second, H.264 Constrained Baseline.
Every few seconds a key frame carries the picture uncompressed (I_PCM
macroblocks, H.264 7.3.5); the frames between repeat it (P slices whose
macroblocks are all skipped, a few bytes each). The picture is vertical
colour bars over a band whose colour tells the recording's kind. The file
has its `moov` box before `mdat`, so a browser plays it while it loads.
"""

from __future__ import annotations

from functools import cache
import re
import struct

WIDTH = 176
HEIGHT = 144
FRAMES_PER_SECOND = 2
KEY_FRAME_SECONDS = 4
_TIMESCALE = 1000  # media time units per second
_MB_COLUMNS = WIDTH // 16
_MB_ROWS = HEIGHT // 16
_LOG2_MAX_FRAME_NUM = 4
_I_PCM = 25  # mb_type of I_PCM in an I slice (H.264 table 7-11)
_BAND_ROWS = 2  # macroblock rows of the coloured band at the bottom

# 75% colour bars in (Y, Cb, Cr), BT.601 limited range: never 0, so the
# samples need no emulation prevention of their own.
_BARS = (
    (180, 128, 128),
    (162, 44, 142),
    (131, 156, 44),
    (112, 72, 58),
    (84, 184, 198),
    (65, 100, 212),
    (35, 212, 114),
    (16, 128, 128),
)
# The band's colour per kind of recording.
BAND_COLOURS = {
    "scheduled": (41, 240, 110),  # blue
    "motion": (210, 16, 146),  # yellow
    "alarm": (81, 90, 240),  # red
}


class _Bits:
    """An H.264 RBSP bit writer: fixed-width and Exp-Golomb codes."""

    def __init__(self) -> None:
        self._value = 0
        self._length = 0
        self._bytes = bytearray()

    def u(self, width: int, value: int) -> None:
        self._value = (self._value << width) | value
        self._length += width
        while self._length >= 8:
            self._length -= 8
            self._bytes.append((self._value >> self._length) & 0xFF)
        self._value &= (1 << self._length) - 1

    def ue(self, value: int) -> None:
        code = value + 1
        self.u(2 * code.bit_length() - 1, code)

    def se(self, value: int) -> None:
        self.ue(2 * value - 1 if value > 0 else -2 * value)

    def align_zero(self) -> None:
        if self._length:
            self.u(8 - self._length, 0)

    def raw(self, data: bytes) -> None:
        assert self._length == 0
        self._bytes += data

    def trailing(self) -> bytes:
        self.u(1, 1)  # rbsp_stop_one_bit
        self.align_zero()
        return bytes(self._bytes)


def _nal(header: int, rbsp: bytes) -> bytes:
    """Return a NAL unit: its header byte and the RBSP with emulation prevention."""
    return bytes((header,)) + re.sub(rb"\x00\x00(?=[\x00-\x03])", b"\x00\x00\x03", rbsp)


def _sps() -> bytes:
    bits = _Bits()
    bits.u(8, 66)  # profile_idc: Baseline
    bits.u(8, 0b11000000)  # constraint_set0 and set1: Constrained Baseline
    bits.u(8, 30)  # level_idc 3.0
    bits.ue(0)  # seq_parameter_set_id
    bits.ue(_LOG2_MAX_FRAME_NUM - 4)
    bits.ue(2)  # pic_order_cnt_type 2: output order is decoding order
    bits.ue(1)  # max_num_ref_frames
    bits.u(1, 0)  # gaps_in_frame_num_value_allowed_flag
    bits.ue(_MB_COLUMNS - 1)
    bits.ue(_MB_ROWS - 1)
    bits.u(1, 1)  # frame_mbs_only_flag
    bits.u(1, 1)  # direct_8x8_inference_flag
    bits.u(1, 0)  # frame_cropping_flag
    bits.u(1, 0)  # vui_parameters_present_flag
    return _nal(0x67, bits.trailing())


def _pps() -> bytes:
    bits = _Bits()
    bits.ue(0)  # pic_parameter_set_id
    bits.ue(0)  # seq_parameter_set_id
    bits.u(1, 0)  # entropy_coding_mode_flag: CAVLC
    bits.u(1, 0)  # bottom_field_pic_order_in_frame_present_flag
    bits.ue(0)  # num_slice_groups_minus1
    bits.ue(0)  # num_ref_idx_l0_default_active_minus1
    bits.ue(0)  # num_ref_idx_l1_default_active_minus1
    bits.u(1, 0)  # weighted_pred_flag
    bits.u(2, 0)  # weighted_bipred_idc
    bits.se(0)  # pic_init_qp_minus26
    bits.se(0)  # pic_init_qs_minus26
    bits.se(0)  # chroma_qp_index_offset
    bits.u(1, 0)  # deblocking_filter_control_present_flag
    bits.u(1, 0)  # constrained_intra_pred_flag
    bits.u(1, 0)  # redundant_pic_cnt_present_flag
    return _nal(0x68, bits.trailing())


def _macroblock(column: int, row: int, band: tuple[int, int, int]) -> bytes:
    """Return the 384 PCM samples of one macroblock: 256 Y, 64 Cb, 64 Cr."""
    if row >= _MB_ROWS - _BAND_ROWS:
        return bytes((band[0],)) * 256 + bytes((band[1],)) * 64 + bytes((band[2],)) * 64
    colours = [_BARS[(column * 16 + x) * len(_BARS) // WIDTH] for x in range(16)]
    luma = bytes(colour[0] for colour in colours) * 16
    blue = bytes(colour[1] for colour in colours[::2]) * 8
    red = bytes(colour[2] for colour in colours[::2]) * 8
    return luma + blue + red


def _key_frame(band: tuple[int, int, int], idr_pic_id: int) -> bytes:
    bits = _Bits()
    bits.ue(0)  # first_mb_in_slice
    bits.ue(7)  # slice_type: I, as every slice of the picture
    bits.ue(0)  # pic_parameter_set_id
    bits.u(_LOG2_MAX_FRAME_NUM, 0)  # frame_num
    bits.ue(idr_pic_id)
    bits.u(1, 0)  # no_output_of_prior_pics_flag
    bits.u(1, 0)  # long_term_reference_flag
    bits.se(0)  # slice_qp_delta
    for row in range(_MB_ROWS):
        for column in range(_MB_COLUMNS):
            bits.ue(_I_PCM)
            bits.align_zero()  # pcm_alignment_zero_bit
            bits.raw(_macroblock(column, row, band))
    return _nal(0x65, bits.trailing())  # nal_ref_idc 3, IDR slice


def _repeat_frame(frame_num: int) -> bytes:
    bits = _Bits()
    bits.ue(0)  # first_mb_in_slice
    bits.ue(5)  # slice_type: P, as every slice of the picture
    bits.ue(0)  # pic_parameter_set_id
    bits.u(_LOG2_MAX_FRAME_NUM, frame_num)
    bits.u(1, 0)  # num_ref_idx_active_override_flag
    bits.u(1, 0)  # ref_pic_list_modification_flag_l0
    bits.u(1, 0)  # adaptive_ref_pic_marking_mode_flag
    bits.se(0)  # slice_qp_delta
    bits.ue(_MB_COLUMNS * _MB_ROWS)  # mb_skip_run: every macroblock
    return _nal(0x41, bits.trailing())  # nal_ref_idc 2, non-IDR slice


@cache
def _samples(kind: str, seconds: int) -> tuple[bytes, ...]:
    """Return the frames of a clip, each as a length-prefixed NAL unit."""
    band = BAND_COLOURS[kind]
    per_key = KEY_FRAME_SECONDS * FRAMES_PER_SECOND
    frames = []
    for index in range(seconds * FRAMES_PER_SECOND):
        key, offset = divmod(index, per_key)
        nal = _key_frame(band, key % 2) if offset == 0 else _repeat_frame(offset)
        frames.append(struct.pack(">I", len(nal)) + nal)
    return tuple(frames)


def _box(kind: bytes, *parts: bytes) -> bytes:
    payload = b"".join(parts)
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _full_box(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    return _box(kind, struct.pack(">I", (version << 24) | flags), *parts)


_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def _avc1(sps: bytes, pps: bytes) -> bytes:
    avcc = _box(
        b"avcC",
        bytes((1, sps[1], sps[2], sps[3], 0xFF, 0xE1)),  # 4-byte NAL lengths, 1 SPS
        struct.pack(">H", len(sps)),
        sps,
        bytes((1,)),
        struct.pack(">H", len(pps)),
        pps,
    )
    name = b"ipc_simulator"
    return _box(
        b"avc1",
        bytes(6),
        struct.pack(">H", 1),  # data_reference_index
        bytes(16),
        struct.pack(">HH", WIDTH, HEIGHT),
        struct.pack(">II", 0x480000, 0x480000),  # 72 dpi
        bytes(4),
        struct.pack(">H", 1),  # frame_count
        bytes((len(name),)) + name.ljust(31, b"\0"),
        struct.pack(">Hh", 0x18, -1),
        avcc,
    )


def _moov(sizes: list[int], sync: list[int], duration: int, data_offset: int) -> bytes:
    sps, pps = _sps(), _pps()
    count = len(sizes)
    stbl = _box(
        b"stbl",
        _full_box(b"stsd", 0, 0, struct.pack(">I", 1), _avc1(sps, pps)),
        _full_box(
            b"stts",
            0,
            0,
            struct.pack(">III", 1, count, _TIMESCALE // FRAMES_PER_SECOND),
        ),
        _full_box(b"stss", 0, 0, struct.pack(f">I{len(sync)}I", len(sync), *sync)),
        _full_box(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, count, 1)),
        _full_box(b"stsz", 0, 0, struct.pack(f">II{count}I", 0, count, *sizes)),
        _full_box(b"stco", 0, 0, struct.pack(">II", 1, data_offset)),
    )
    minf = _box(
        b"minf",
        _full_box(b"vmhd", 0, 1, bytes(8)),
        _box(
            b"dinf",
            _full_box(b"dref", 0, 0, struct.pack(">I", 1), _full_box(b"url ", 0, 1)),
        ),
        stbl,
    )
    mdia = _box(
        b"mdia",
        _full_box(
            b"mdhd", 0, 0, struct.pack(">IIIIHH", 0, 0, _TIMESCALE, duration, 0x55C4, 0)
        ),
        _full_box(b"hdlr", 0, 0, bytes(4), b"vide", bytes(12), b"VideoHandler\0"),
        minf,
    )
    tkhd = _full_box(
        b"tkhd",
        0,
        3,  # enabled, in movie
        struct.pack(">IIIII", 0, 0, 1, 0, duration),
        bytes(8),
        struct.pack(">hhhH", 0, 0, 0, 0),
        _MATRIX,
        struct.pack(">II", WIDTH << 16, HEIGHT << 16),
    )
    mvhd = _full_box(
        b"mvhd",
        0,
        0,
        struct.pack(">IIII", 0, 0, _TIMESCALE, duration),
        struct.pack(">IH", 0x10000, 0x100),
        bytes(10),
        _MATRIX,
        bytes(24),
        struct.pack(">I", 2),  # next_track_ID
    )
    return _box(b"moov", mvhd, _box(b"trak", tkhd, mdia))


def make_clip(kind: str, seconds: int, label: str = "") -> bytes:
    """Return an MP4 file of `seconds` (at least 1) of video for a `kind` of recording.

    `label` goes into a `free` box, which players skip: files of the same
    kind and length still differ.
    """
    if kind not in BAND_COLOURS:
        raise ValueError(f"kind must be one of {sorted(BAND_COLOURS)}")
    if seconds < 1:
        raise ValueError("a clip lasts at least 1 second")
    samples = _samples(kind, seconds)
    sizes = [len(sample) for sample in samples]
    per_key = KEY_FRAME_SECONDS * FRAMES_PER_SECOND
    sync = [index + 1 for index in range(0, len(samples), per_key)]
    duration = len(samples) * _TIMESCALE // FRAMES_PER_SECOND
    head = _box(b"ftyp", b"isom", struct.pack(">I", 512), b"isomiso2avc1mp41")
    head += _box(b"free", label.encode())
    moov_size = len(_moov(sizes, sync, duration, 0))
    data_offset = len(head) + moov_size + 8
    moov = _moov(sizes, sync, duration, data_offset)
    return head + moov + _box(b"mdat", *samples)
