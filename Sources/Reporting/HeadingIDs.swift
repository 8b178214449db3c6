/// Hands out `id` attributes for headings: derived from the heading text only (so the same
/// document always gets the same ids), ASCII-only so links need no escaping, and unique.
struct HeadingIDs {
  private var used: Set<String> = []

  /// `"3.2 Accuracy vs N"` -> `"3-2-accuracy-vs-n"`; a repeat gets `-2`, `-3`, ...; text with
  /// no ASCII letters or digits becomes `"section"`.
  mutating func make(for text: String) -> String {
    var slug = ""
    var pendingDash = false
    for scalar in text.lowercased().unicodeScalars {
      if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
        if pendingDash, !slug.isEmpty { slug += "-" }
        slug.unicodeScalars.append(scalar)
        pendingDash = false
      } else {
        pendingDash = true
      }
    }
    if slug.isEmpty { slug = "section" }

    var candidate = slug
    var n = 2
    while used.contains(candidate) {
      candidate = "\(slug)-\(n)"
      n += 1
    }
    used.insert(candidate)
    return candidate
  }
}

enum HTMLText {
  /// Escapes text for HTML element content and double- or single-quoted attribute values.
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }
}
