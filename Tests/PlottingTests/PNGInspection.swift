import CCairo
import Testing

/// Reads the size recorded in a PNG's IHDR chunk, or nil when the bytes are not a PNG.
func pngSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
  let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
  guard bytes.count >= 24, Array(bytes[0..<8]) == signature,
    Array(bytes[12..<16]) == Array("IHDR".utf8)
  else { return nil }
  func be32(_ at: Int) -> Int {
    bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) }
  }
  return (be32(16), be32(20))
}

/// A decoded PNG as 0x00RRGGBB words, decoded by Cairo's own PNG reader.
struct DecodedPNG {
  let width: Int
  let height: Int
  let pixels: [UInt32]

  init(_ bytes: [UInt8]) throws {
    final class Source {
      var bytes: [UInt8]
      var offset = 0
      init(_ bytes: [UInt8]) { self.bytes = bytes }
    }
    let source = Source(bytes)
    let surface = withExtendedLifetime(source) {
      cairo_image_surface_create_from_png_stream(
        { closure, data, length in
          let source = Unmanaged<Source>.fromOpaque(closure!).takeUnretainedValue()
          let n = Int(length)
          guard source.offset + n <= source.bytes.count, let data else {
            return CAIRO_STATUS_READ_ERROR
          }
          for i in 0..<n { data[i] = source.bytes[source.offset + i] }
          source.offset += n
          return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(source).toOpaque())
    }
    let image = try #require(surface)
    defer { cairo_surface_destroy(image) }
    try #require(cairo_surface_status(image) == CAIRO_STATUS_SUCCESS)
    width = Int(cairo_image_surface_get_width(image))
    height = Int(cairo_image_surface_get_height(image))
    let stride = Int(cairo_image_surface_get_stride(image))
    let data = try #require(cairo_image_surface_get_data(image))
    var pixels = [UInt32](repeating: 0, count: width * height)
    let rowWords = UnsafeRawPointer(data)
    for y in 0..<height {
      for x in 0..<width {
        pixels[y * width + x] =
          rowWords.load(fromByteOffset: y * stride + x * 4, as: UInt32.self) & 0x00FF_FFFF
      }
    }
    self.pixels = pixels
  }

  subscript(x x: Int, y y: Int) -> UInt32 { pixels[y * width + x] }

  /// Rows in column `x` whose pixel is exactly `colour` (0xRRGGBB).
  func rows(ofColour colour: UInt32, inColumn x: Int) -> [Int] {
    (0..<height).filter { self[x: x, y: $0] == colour }
  }

  func count(ofColour colour: UInt32) -> Int { pixels.count { $0 == colour } }
}
