import CPNG

/// PNG decoding through libpng's simplified API (`png_image_begin_read_from_memory`,
/// `png_image_finish_read`). That API catches libpng errors inside C and reports them in
/// `png_image.message`, so no longjmp ever crosses a Swift frame.
enum PNGCodec {
  static func probe(_ bytes: [UInt8], name: String) throws(ImageError) -> ImageInfo {
    let stripped = withoutColorChunks(bytes)
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    let began = stripped.withUnsafeBytes { raw in
      png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count)
    }
    guard began != 0 else { throw failure(&image, bytes, name: name) }
    png_image_free(&image)
    let isColor = image.format & PNG_FORMAT_FLAG_COLOR != 0
    return ImageInfo(
      width: Int(image.width), height: Int(image.height), channels: isColor ? 3 : 1,
      format: "PNG")
  }

  static func decode(_ bytes: [UInt8], name: String, pixelLimit: Int) throws(ImageError) -> Raster {
    let stripped = withoutColorChunks(bytes)
    // Array.withUnsafeBytes is untyped-rethrows, so the typed error travels back in a Result.
    let result = stripped.withUnsafeBytes { raw in
      Result { () throws(ImageError) -> Raster in
        try decode(raw, original: bytes, name: name, pixelLimit: pixelLimit)
      }
    }
    return try result.get()
  }

  private static func decode(
    _ raw: UnsafeRawBufferPointer, original bytes: [UInt8], name: String, pixelLimit: Int
  ) throws(ImageError) -> Raster {
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    guard png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count) != 0 else {
      throw failure(&image, bytes, name: name)
    }
    // Safe whether or not libpng has already released its state: the call is then a no-op.
    defer { png_image_free(&image) }

    let width = Int(image.width)
    let height = Int(image.height)
    guard width * height <= pixelLimit else {
      throw ImageError(
        file: name, reason: .tooLarge(width: width, height: height, limit: pixelLimit))
    }

    // Ask for the file's own layout minus the colour map, so palettes expand to RGB(A) and
    // 16-bit files keep 16 bits. Linear (16-bit) output comes premultiplied by alpha; 8-bit
    // output does not, so that case is composited below.
    let fileFormat = image.format
    let isColor = fileFormat & PNG_FORMAT_FLAG_COLOR != 0
    let hasAlpha = fileFormat & PNG_FORMAT_FLAG_ALPHA != 0
    let isWide = fileFormat & PNG_FORMAT_FLAG_LINEAR != 0
    image.format =
      fileFormat
      & (PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA
        | PNG_FORMAT_FLAG_LINEAR)
    let stored = (isColor ? 3 : 1) + (hasAlpha ? 1 : 0)
    let count = width * height * stored

    if isWide {
      var buffer = [UInt16](repeating: 0, count: count)
      let finished = buffer.withUnsafeMutableBytes { out in
        png_image_finish_read(&image, nil, out.baseAddress, 0, nil)
      }
      guard finished != 0 else { throw failure(&image, bytes, name: name) }
      return flatten(
        buffer, width: width, height: height, color: isColor, alpha: hasAlpha,
        scale: 65535, premultiplied: true)
    }
    var buffer = [UInt8](repeating: 0, count: count)
    let finished = buffer.withUnsafeMutableBytes { out in
      png_image_finish_read(&image, nil, out.baseAddress, 0, nil)
    }
    guard finished != 0 else { throw failure(&image, bytes, name: name) }
    return flatten(
      buffer, width: width, height: height, color: isColor, alpha: hasAlpha,
      scale: 255, premultiplied: false)
  }

  /// Converts stored integers to samples, dropping alpha after compositing over black.
  private static func flatten<T: BinaryInteger>(
    _ stored: [T], width: Int, height: Int, color: Bool, alpha: Bool, scale: Float,
    premultiplied: Bool
  ) -> Raster {
    let channels = color ? 3 : 1
    let stride = channels + (alpha ? 1 : 0)
    var samples = [Float](repeating: 0, count: width * height * channels)
    samples.withUnsafeMutableBufferPointer { out in
      stored.withUnsafeBufferPointer { src in
        for pixel in 0..<(width * height) {
          let base = pixel * stride
          let weight: Float =
            alpha && !premultiplied ? Float(src[base + channels]) / scale : 1
          for c in 0..<channels {
            // Division rather than a reciprocal multiply, so v / 255 is the exact nearest Float
            // and 8-bit PNG and JPEG samples agree bit for bit.
            out[pixel * channels + c] = Float(src[base + c]) / scale * weight
          }
        }
      }
    }
    return Raster(width: width, height: height, channels: channels, samples: samples)
  }

  /// The PNG with its gAMA, sRGB, iCCP and cHRM chunks removed, so that libpng's simplified API
  /// applies no gamma conversion: 8-bit data without them is taken as sRGB and 16-bit data as
  /// linear, which are exactly the encodings it outputs. Anything that does not parse as a chunk
  /// is kept byte for byte so that libpng reports the damage.
  static func withoutColorChunks(_ bytes: [UInt8]) -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(bytes.count)
    out.append(contentsOf: bytes.prefix(8))
    var offset = 8
    while offset + 8 <= bytes.count {
      let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
      let end = offset + 12 + length
      guard end <= bytes.count else { break }
      if !colorChunkTypes.contains(Array(bytes[offset + 4..<offset + 8])) {
        out.append(contentsOf: bytes[offset..<end])
      }
      offset = end
    }
    out.append(contentsOf: bytes[min(offset, bytes.count)...])
    return out
  }

  private static let colorChunkTypes: Set<[UInt8]> = [
    Array("gAMA".utf8), Array("sRGB".utf8), Array("iCCP".utf8), Array("cHRM".utf8),
  ]

  private static let iendChunk: [UInt8] = [
    0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60,
    0x82,
  ]

  /// Turns a failed simplified-API call into an error and releases libpng's state (a no-op when
  /// libpng already did). A file that does not end with an IEND chunk is reported as truncated,
  /// anything else as corrupt.
  private static func failure(
    _ image: inout png_image, _ bytes: [UInt8], name: String
  ) -> ImageError {
    let message = withUnsafeBytes(of: &image.message) { raw in
      String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    png_image_free(&image)
    let what = "PNG data (libpng: \(message))"
    if bytes.count < iendChunk.count || !bytes.suffix(iendChunk.count).elementsEqual(iendChunk) {
      return ImageError(file: name, reason: .truncated(what))
    }
    return ImageError(file: name, reason: .corrupt(what))
  }
}
