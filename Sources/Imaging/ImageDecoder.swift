import Foundation

/// Header facts about an image file, read without decoding pixels.
public struct ImageInfo: Sendable, Equatable {
  /// Width and height in pixels.
  public let width: Int, height: Int
  /// Channels `decode` will return: 1 for gray sources, 3 for colour (alpha is dropped).
  public let channels: Int
  /// "PNG" or "JPEG".
  public let format: String

  public init(width: Int, height: Int, channels: Int, format: String) {
    self.width = width
    self.height = height
    self.channels = channels
    self.format = format
  }
}

/// Decodes PNG and JPEG files into `Raster`s.
///
/// The format is detected from the first bytes, never from the file extension. Every function is
/// thread-safe: each call uses its own libpng / turbojpeg state and no shared buffers.
///
/// Sample conventions, for every format:
/// - samples are the stored values divided by the format maximum (255, or 65535 for 16-bit PNG,
///   whose precision is kept); colour-management chunks (gAMA, sRGB, iCCP, cHRM) are ignored,
///   as most ML image loaders do, so an 8-bit and a 16-bit copy of one image give the same values;
/// - alpha is composited over black: each colour sample becomes `sample * alpha`, so fully
///   transparent pixels become 0;
/// - gray sources (including gray+alpha and low bit depths, which are scaled to the full range)
///   give 1 channel; RGB, RGBA, palette and CMYK sources give 3 channels.
public enum ImageDecoder {
  /// Largest `width * height` accepted by default (40 megapixels, about 160 MB of gray samples).
  public static let defaultPixelLimit = 40_000_000

  /// Reads and decodes one file. `name` in errors is `file.path`; use `decode(bytes:name:)` to
  /// report a shorter name.
  ///
  /// - Throws: `ImageError` naming `file.path` and the reason.
  public static func decode(
    file: URL, pixelLimit: Int = defaultPixelLimit
  ) throws(ImageError) -> Raster {
    let bytes = try readBytes(file)
    return try decode(bytes: bytes, name: file.path, pixelLimit: pixelLimit)
  }

  /// Decodes an in-memory PNG or JPEG. The pixel limit is checked against the header before any
  /// pixel memory is allocated.
  ///
  /// - Parameters:
  ///   - bytes: the whole file.
  ///   - name: how errors name the file.
  ///   - pixelLimit: largest accepted `width * height`.
  /// - Throws: `ImageError` with `file == name`.
  public static func decode(
    bytes: [UInt8], name: String, pixelLimit: Int = defaultPixelLimit
  ) throws(ImageError) -> Raster {
    switch try sniff(bytes, name: name) {
    case .png: return try PNGCodec.decode(bytes, name: name, pixelLimit: pixelLimit)
    case .jpeg: return try JPEGCodec.decode(bytes, name: name, pixelLimit: pixelLimit)
    }
  }

  /// Reads only the header of a PNG or JPEG: size, the channel count `decode` would return, and
  /// the format. Much cheaper than `decode`; it does not prove that the pixel data is intact.
  public static func probe(bytes: [UInt8], name: String) throws(ImageError) -> ImageInfo {
    switch try sniff(bytes, name: name) {
    case .png: return try PNGCodec.probe(bytes, name: name)
    case .jpeg: return try JPEGCodec.probe(bytes, name: name)
    }
  }

  /// `probe(bytes:name:)` on a file's contents; errors name `file.path`.
  public static func probe(file: URL) throws(ImageError) -> ImageInfo {
    try probe(bytes: try readBytes(file), name: file.path)
  }

  enum Format { case png, jpeg }

  static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  static func sniff(_ bytes: [UInt8], name: String) throws(ImageError) -> Format {
    if bytes.isEmpty { throw ImageError(file: name, reason: .empty) }
    if bytes.starts(with: pngSignature) { return .png }
    if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
    throw ImageError(file: name, reason: .notAnImage)
  }

  static func readBytes(_ file: URL) throws(ImageError) -> [UInt8] {
    do {
      return [UInt8](try Data(contentsOf: file))
    } catch {
      throw ImageError(file: file.path, reason: .unreadable(readFailureText(file, error)))
    }
  }

  private static func readFailureText(_ file: URL, _ error: any Error) -> String {
    var isFolder: ObjCBool = false
    if !FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder) {
      return "no such file"
    }
    if isFolder.boolValue { return "is a folder" }
    if !FileManager.default.isReadableFile(atPath: file.path) { return "permission denied" }
    return (error as NSError).localizedDescription
  }
}
