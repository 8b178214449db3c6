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
      throw .badConfiguration(
        file: file, reason: "is not valid JSON (\(error.localizedDescription))")
    }

    let defaults = StudyConfiguration().dictionary
    try checkKeys(given, against: defaults, path: "", file: file)
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
      throw .badConfiguration(
        file: file, reason: "'\(keyPath(context.codingPath))' must be \(describe(type))")
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

private func checkKeys(
  _ given: [String: Any], against defaults: [String: Any], path: String, file: String
) throws(StudyError) {
  for key in given.keys.sorted() {
    let full = path.isEmpty ? key : path + "." + key
    guard let expected = defaults[key] else {
      throw .unknownConfigurationKey(file: file, key: full, valid: defaults.keys.sorted())
    }
    if let nested = expected as? [String: Any] {
      guard let value = given[key] as? [String: Any] else {
        throw .badConfiguration(file: file, reason: "'\(full)' must be an object")
      }
      try checkKeys(value, against: nested, path: full, file: file)
    }
  }
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
  path.map(\.stringValue).joined(separator: ".")
}

private func describe(_ type: Any.Type) -> String {
  switch type {
  case is Int.Type, is UInt64.Type: return "a whole number"
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
