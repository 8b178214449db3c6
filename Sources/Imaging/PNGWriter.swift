import CPNG
import Foundation

/// Why a raster could not be written as PNG.
public struct PNGWriteError: Error, CustomStringConvertible {
  /// Destination path, or "<memory>" when encoding to bytes.
  public let file: String
  /// libpng's or the file system's message.
  public let message: String
  public var description: String { "\(file): cannot write PNG (\(message))" }
}

/// Writes 8-bit gray or RGB PNGs with libpng's simplified API (`png_image_write_to_memory`).
///
/// Samples are clamped to [0, 1] and rounded to the nearest of 256 levels. The output holds no
/// time stamp, so the same raster always gives the same bytes (for a given libpng and zlib).
public enum PNGWriter {
  /// PNG file bytes for `raster` (1 channel -> gray, 3 -> RGB).
  public static func encode(_ raster: Raster) throws(PNGWriteError) -> [UInt8] {
    var pixels = [UInt8](repeating: 0, count: raster.samples.count)
    for i in pixels.indices {
      let value = min(max(raster.samples[i], 0), 1)
      pixels[i] = UInt8((value * 255).rounded())
    }

    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    image.width = UInt32(raster.width)
    image.height = UInt32(raster.height)
    image.format = raster.channels == 3 ? UInt32(PNG_FORMAT_RGB) : UInt32(PNG_FORMAT_GRAY)

    // First call with no memory asks libpng for the size it needs; the second writes.
    var size = 0
    let sized = png_image_write_to_memory(&image, nil, &size, 0, pixels, 0, nil)
    guard sized != 0 else { throw writeFailure(&image) }
    var bytes = [UInt8](repeating: 0, count: size)
    let written = bytes.withUnsafeMutableBytes { out in
      png_image_write_to_memory(&image, out.baseAddress, &size, 0, pixels, 0, nil)
    }
    guard written != 0 else { throw writeFailure(&image) }
    return Array(bytes.prefix(size))
  }

  /// Encodes `raster` and writes it to `url` atomically (a reader never sees a partial file).
  public static func write(_ raster: Raster, to url: URL) throws(PNGWriteError) {
    let bytes = try encode(raster)
    do {
      try Data(bytes).write(to: url, options: .atomic)
    } catch {
      throw PNGWriteError(file: url.path, message: (error as NSError).localizedDescription)
    }
  }

  private static func writeFailure(_ image: inout png_image) -> PNGWriteError {
    let message = withUnsafeBytes(of: &image.message) { raw in
      String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    png_image_free(&image)
    return PNGWriteError(file: "<memory>", message: message)
  }
}
