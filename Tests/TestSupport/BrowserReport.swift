/// What a headless browser saw when it loaded a page.
public struct BrowserReport: Sendable, Equatable {
  /// One `<img>` element of the page, in document order.
  public struct Image: Sendable, Equatable {
    /// The `src` attribute as written (a data URI is cut to its first 64 characters).
    public var src: String
    /// The decoded image's width in pixels; 0 when it failed to load.
    public var naturalWidth: Int

    public init(src: String, naturalWidth: Int) {
      self.src = src
      self.naturalWidth = naturalWidth
    }
  }

  /// Every `<img>` of the page, in document order.
  public var images: [Image]
  /// Script errors, `console.error` messages and failed image loads, in the order seen.
  public var errors: [String]

  public init(images: [Image], errors: [String]) {
    self.images = images
    self.errors = errors
  }
}

/// Why the browser check could not produce a report.
public enum BrowserCheckError: Error, Equatable, CustomStringConvertible {
  case chromiumNotInstalled
  case unreadablePage(path: String, reason: String)
  case browserFailed(detail: String)
  case noProbeResult(path: String)

  public var description: String {
    switch self {
    case .chromiumNotInstalled:
      return "No chromium, chromium-browser or google-chrome was found on PATH."
    case .unreadablePage(let path, let reason):
      return "Could not read \(path): \(reason)"
    case .browserFailed(let detail):
      return "Headless Chromium failed: \(detail)"
    case .noProbeResult(let path):
      return "Headless Chromium loaded \(path) but the probe wrote no result (did the page load?)"
    }
  }
}
