import CCmarkGFM
import Foundation

extension HTMLRenderer {
  /// Media types that cmark's safe mode lets through as `data:` image sources.
  private static let mediaTypes = [
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
    "webp": "image/webp",
  ]

  /// Replaces the URL of every image node that points at a local file with a base64 data URI.
  static func embedImages(in document: CMarkDocument, baseDirectory: URL) throws(ReportingError) {
    for image in document.nodes(ofType: CMARK_NODE_IMAGE) {
      let reference = CMarkNode.url(image)
      if reference.lowercased().hasPrefix("data:") { continue }
      let file = try localFile(for: reference, baseDirectory: baseDirectory)
      guard let mediaType = mediaTypes[file.pathExtension.lowercased()] else {
        throw .unsupportedFigureType(path: file.path)
      }
      guard FileManager.default.fileExists(atPath: file.path) else {
        throw .missingFigure(path: file.path, reference: reference)
      }
      let bytes: Data
      do {
        bytes = try Data(contentsOf: file)
      } catch {
        throw .unreadableFigure(path: file.path, reason: error.localizedDescription)
      }
      CMarkNode.setURL(image, "data:\(mediaType);base64," + bytes.base64EncodedString())
    }
  }

  /// The file an image reference names: a `file:` URL, an absolute path, or a path relative to
  /// `baseDirectory`; percent-escapes are decoded. Other schemes are remote.
  private static func localFile(for reference: String, baseDirectory: URL)
    throws(ReportingError) -> URL
  {
    let lower = reference.lowercased()
    if lower.hasPrefix("file:") {
      guard let url = URL(string: reference), url.isFileURL else {
        throw .missingFigure(path: reference, reference: reference)
      }
      return url
    }
    if let colon = reference.firstIndex(of: ":"),
      reference[..<colon].allSatisfy({
        $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0))
      }),
      !reference[..<colon].isEmpty
    {
      throw .remoteFigure(url: reference)
    }
    let path = reference.removingPercentEncoding ?? reference
    if path.hasPrefix("/") { return URL(fileURLWithPath: path) }
    return baseDirectory.appendingPathComponent(path)
  }
}
