/// Builds PNG files byte by byte so tests can cover every colour type and bit depth, including
/// ones libpng's simplified writer cannot produce (1-, 2-, 4-bit gray, 16-bit with alpha) and
/// damaged headers. Image data goes into uncompressed (stored) deflate blocks, which keeps this
/// helper free of a compressor; only the checksums (CRC-32 and Adler-32) must be computed here.
struct PNGFixture {
  var width: Int
  var height: Int
  var bitDepth: Int
  /// 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA.
  var colorType: Int
  /// Each row's bytes without the filter byte, already packed for the bit depth.
  var rows: [[UInt8]]
  var palette: [UInt8] = []
  var transparency: [UInt8] = []
  var extraChunks: [(String, [UInt8])] = []

  var bytes: [UInt8] {
    var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    var header = bigEndian32(width) + bigEndian32(height)
    header += [UInt8(bitDepth), UInt8(colorType), 0, 0, 0]
    out += Self.chunk("IHDR", header)
    for (type, data) in extraChunks { out += Self.chunk(type, data) }
    if !palette.isEmpty { out += Self.chunk("PLTE", palette) }
    if !transparency.isEmpty { out += Self.chunk("tRNS", transparency) }
    out += Self.chunk("IDAT", Self.zlibStored(rows.flatMap { [0] + $0 }))
    out += Self.chunk("IEND", [])
    return out
  }

  static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let typed = Array(type.utf8) + data
    return bigEndian32(data.count) + typed + bigEndian32(Int(crc32(typed)))
  }

  /// A zlib stream made of stored deflate blocks of at most 65535 bytes.
  static func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]
    var offset = 0
    repeat {
      let length = min(65535, data.count - offset)
      let final: UInt8 = offset + length == data.count ? 1 : 0
      out += [final, UInt8(length & 0xFF), UInt8(length >> 8)]
      out += [UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
      out += data[offset..<offset + length]
      offset += length
    } while offset < data.count
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in data {
      a = (a + UInt32(byte)) % 65521
      b = (b + a) % 65521
    }
    return out + bigEndian32(Int(b << 16 | a))
  }

  static func crc32(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }
}

func bigEndian32(_ value: Int) -> [UInt8] {
  [
    UInt8((value >> 24) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF),
    UInt8(value & 0xFF),
  ]
}

func bigEndian16(_ value: Int) -> [UInt8] { [UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)] }
