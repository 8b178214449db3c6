import Foundation

extension StudyConfiguration {
  /// Reads a configuration file, filling left-out keys from the defaults.
  /// - Throws: `StudyError.unknownConfigurationKey` for a key the schema does not have,
  ///   `StudyError.badConfiguration` for unreadable JSON, wrong types or invalid values.
  public static func load(from url: URL) throws(StudyError) -> StudyConfiguration {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw .badConfiguration(
        file: url.path, reason: "cannot be read (\(error.localizedDescription))")
    }
    return try decode(data, file: url.path)
  }

  public static func decode(_ data: Data, file: String) throws(StudyError) -> StudyConfiguration {
    let given: [String: Any]
    do {
      guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw StudyError.badConfiguration(file: file, reason: "must hold one JSON object")
      }
      given = object
    } catch let error as StudyError {
      throw error
    } catch {
      throw .badConfiguration(file: file, reason: syntaxProblem(error, in: data))
    }

    let defaults = StudyConfiguration().dictionary
    try checkKeys(given, against: defaults, types: StudyConfiguration(), path: "", file: file)
    if let version = given["version"] as? Int, version > StudyConfiguration().version {
      throw .badConfiguration(
        file: file,
        reason: "has version \(version), but this program reads versions up to "
          + "\(StudyConfiguration().version); update siamese-report")
    }

    let merged = merge(given, over: defaults)
    let configuration: StudyConfiguration
    do {
      let json = try JSONSerialization.data(withJSONObject: merged)
      configuration = try JSONDecoder().decode(StudyConfiguration.self, from: json)
    } catch let DecodingError.typeMismatch(type, context) {
      // checkKeys has tried every leaf, so this is a safety net, not the usual path.
      throw .badConfiguration(
        file: file, reason: "\(keyPath(context.codingPath)) must be \(describe(type))")
    } catch {
      throw .badConfiguration(file: file, reason: "has a value of the wrong type (\(error))")
    }
    try configuration.validate(file: file)
    return configuration
  }

  /// The configuration as a JSON object tree.
  var dictionary: [String: Any] {
    let encoder = JSONEncoder()
    let data = try! encoder.encode(self)
    return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
  }

  /// Every leaf as (dotted key, JSON text of its value), sorted by key; for the report's
  /// parameter table and for stage keys.
  public var flattened: [(key: String, value: String)] {
    var result: [(String, String)] = []
    func walk(_ value: Any, _ path: String) {
      if let object = value as? [String: Any] {
        for key in object.keys.sorted() {
          walk(object[key]!, path.isEmpty ? key : path + "." + key)
        }
      } else {
        result.append((path, jsonText(value)))
      }
    }
    walk(dictionary, "")
    return result
  }

  /// Canonical JSON (sorted keys): identical for identical configurations.
  public var canonicalJSON: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try! encoder.encode(self), as: UTF8.self)
  }
}

/// Checks that every key of `given` exists in `defaults` (the JSON tree of the defaults) and
/// that every leaf decodes as the Swift type of the same field of `types`: the JSON tree has
/// lost that type (an Int and a Double default are both numbers there), and JSONDecoder does
/// not name the key of a number that does not fit, such as 2.5 for a whole number.
private func checkKeys(
  _ given: [String: Any], against defaults: [String: Any], types: Any, path: String,
  file: String
) throws(StudyError) {
  let fields = storedProperties(of: types)
  for key in given.keys.sorted() {
    let full = path.isEmpty ? key : path + "." + key
    guard let expected = defaults[key], let field = fields[key] else {
      throw .unknownConfigurationKey(file: file, key: full, valid: defaults.keys.sorted())
    }
    let value = given[key]!
    if let nested = expected as? [String: Any] {
      guard let object = value as? [String: Any] else {
        throw .badConfiguration(
          file: file, reason: "\(full) must be an object, got \(jsonText(value))")
      }
      try checkKeys(object, against: nested, types: field, path: full, file: file)
    } else if let type = type(of: field) as? any Decodable.Type, !decodes(value, as: type) {
      throw .badConfiguration(
        file: file, reason: "\(full) must be \(describe(type)), got \(jsonText(value))")
    }
  }
}

/// Stored properties by name; the synthesized Codable keys are these names.
private func storedProperties(of value: Any) -> [String: Any] {
  var result: [String: Any] = [:]
  for child in Mirror(reflecting: value).children {
    if let label = child.label { result[label] = child.value }
  }
  return result
}

private func decodes(_ value: Any, as type: any Decodable.Type) -> Bool {
  guard
    let data = try? JSONSerialization.data(withJSONObject: value, options: .fragmentsAllowed)
  else { return false }
  return (try? JSONDecoder().decode(type, from: data)) != nil
}

/// "is not valid JSON: ... at line L, column C" when Foundation gives the byte offset of the
/// problem ("around character N"), else its reason as it stands.
private func syntaxProblem(_ error: Error, in data: Data) -> String {
  let detail =
    (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
    ?? error.localizedDescription
  let marker = " around character "
  guard let range = detail.range(of: marker),
    let offset = Int(detail[range.upperBound...].prefix { $0.isNumber })
  else {
    // Foundation gives no offset when the text stops early, the commonest slip by hand.
    if detail.lowercased().contains("end of file") {
      return "is not valid JSON: the file ends before every { and [ is closed (\(detail))"
    }
    return "is not valid JSON (\(detail))"
  }
  // Count bytes for the line, characters for the column: what an editor shows.
  let prefix = data.prefix(max(0, offset))
  let line = prefix.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
  let lineStart = prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? prefix.startIndex
  let column = String(decoding: prefix[lineStart...], as: UTF8.self).count + 1
  let reason = detail[..<range.lowerBound]
  let what = reason.prefix(1).lowercased() + reason.dropFirst()
  return "is not valid JSON: \(what) at line \(line), column \(column)"
}

private func merge(_ given: [String: Any], over defaults: [String: Any]) -> [String: Any] {
  var result = defaults
  for (key, value) in given {
    if let nested = value as? [String: Any], let base = defaults[key] as? [String: Any] {
      result[key] = merge(nested, over: base)
    } else {
      result[key] = value
    }
  }
  return result
}

private func keyPath(_ path: [any CodingKey]) -> String {
  path.reduce("") { text, key in
    if let index = key.intValue { return text + "[\(index)]" }
    return text.isEmpty ? key.stringValue : text + "." + key.stringValue
  }
}

private func describe(_ type: Any.Type) -> String {
  switch type {
  case is Int.Type: return "a whole number"
  case is UInt64.Type: return "a whole number from 0 to \(UInt64.max)"
  case is [Int].Type: return "a list of whole numbers"
  case is [String].Type: return "a list of strings"
  case is Double.Type: return "a number"
  case is Bool.Type: return "true or false"
  case is String.Type: return "a string"
  default: return "a \(type)"
  }
}

private func jsonText(_ value: Any) -> String {
  if let data = try? JSONSerialization.data(
    withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])
  {
    return String(decoding: data, as: UTF8.self)
  }
  return "\(value)"
}
