import CCmarkGFM
import Foundation

/// A parsed cmark-gfm document; the only type that calls cmark. Frees the tree on deinit.
final class CMarkDocument {
  /// Parser and renderer options: CMARK_OPT_DEFAULT, so raw HTML is omitted (no
  /// CMARK_OPT_UNSAFE), dangerous URLs (javascript:, most data:) are dropped, and smart
  /// punctuation is off.
  static let options = CMARK_OPT_DEFAULT

  /// GFM extensions the reports use: tables, ~~strikethrough~~ and bare-URL autolinks.
  static let extensionNames = ["table", "strikethrough", "autolink"]

  private let parser: OpaquePointer
  let root: OpaquePointer

  init(markdown: String) throws(ReportingError) {
    cmark_gfm_core_extensions_ensure_registered()
    guard let parser = cmark_parser_new(CMarkDocument.options) else {
      throw .markdownFailed(reason: "cmark_parser_new failed")
    }
    for name in CMarkDocument.extensionNames {
      // The core extensions are registered above, so a missing one means a broken library.
      guard let ext = cmark_find_syntax_extension(name) else {
        cmark_parser_free(parser)
        throw .markdownFailed(reason: "cmark-gfm has no \"\(name)\" extension")
      }
      cmark_parser_attach_syntax_extension(parser, ext)
    }
    var bytes = Array(markdown.utf8)
    bytes.withUnsafeMutableBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) {
        cmark_parser_feed(parser, $0.baseAddress, $0.count)
      }
    }
    guard let root = cmark_parser_finish(parser) else {
      cmark_parser_free(parser)
      throw .markdownFailed(reason: "cmark_parser_finish returned no document")
    }
    self.parser = parser
    self.root = root
  }

  deinit {
    cmark_node_free(root)
    cmark_parser_free(parser)
  }

  /// The document's top-level blocks in order.
  var topLevelBlocks: [OpaquePointer] {
    var blocks: [OpaquePointer] = []
    var node = cmark_node_first_child(root)
    while let current = node {
      blocks.append(current)
      node = cmark_node_next(current)
    }
    return blocks
  }

  /// Every node of the given type, in document order.
  func nodes(ofType type: cmark_node_type) -> [OpaquePointer] {
    var found: [OpaquePointer] = []
    guard let iter = cmark_iter_new(root) else { return found }
    defer { cmark_iter_free(iter) }
    while cmark_iter_next(iter) != CMARK_EVENT_DONE {
      if cmark_iter_get_event_type(iter) == CMARK_EVENT_ENTER,
        let node = cmark_iter_get_node(iter), cmark_node_get_type(node) == type
      {
        found.append(node)
      }
    }
    return found
  }

  /// HTML of one node and its subtree (cmark_render_html), with the extensions' renderers.
  func html(of node: OpaquePointer) throws(ReportingError) -> String {
    let extensions = cmark_parser_get_syntax_extensions(parser)
    guard let cString = cmark_render_html(node, CMarkDocument.options, extensions) else {
      throw .markdownFailed(reason: "cmark_render_html returned nothing")
    }
    defer { free(cString) }
    return String(cString: cString)
  }
}

/// Read-only views of one node, spelled as Swift.
enum CMarkNode {
  static func type(_ node: OpaquePointer) -> cmark_node_type { cmark_node_get_type(node) }

  static func children(_ node: OpaquePointer) -> [OpaquePointer] {
    var out: [OpaquePointer] = []
    var child = cmark_node_first_child(node)
    while let current = child {
      out.append(current)
      child = cmark_node_next(current)
    }
    return out
  }

  static func headingLevel(_ node: OpaquePointer) -> Int { Int(cmark_node_get_heading_level(node)) }

  static func url(_ node: OpaquePointer) -> String {
    cmark_node_get_url(node).map { String(cString: $0) } ?? ""
  }

  static func setURL(_ node: OpaquePointer, _ url: String) {
    cmark_node_set_url(node, url)
  }

  static func title(_ node: OpaquePointer) -> String {
    cmark_node_get_title(node).map { String(cString: $0) } ?? ""
  }

  /// The text a reader sees in the subtree: text and code literals, breaks as spaces.
  static func plainText(_ node: OpaquePointer) -> String {
    var out = ""
    guard let iter = cmark_iter_new(node) else { return out }
    defer { cmark_iter_free(iter) }
    while cmark_iter_next(iter) != CMARK_EVENT_DONE {
      guard cmark_iter_get_event_type(iter) == CMARK_EVENT_ENTER,
        let current = cmark_iter_get_node(iter)
      else { continue }
      let t = cmark_node_get_type(current)
      if t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE {
        out += cmark_node_get_literal(current).map { String(cString: $0) } ?? ""
      } else if t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK {
        out += " "
      }
    }
    return out
  }
}
