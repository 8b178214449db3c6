import Foundation

/// A problem reading or writing a safetensors file; every case names the file.
public enum SafetensorsError: Error, Equatable, CustomStringConvertible {
  /// The file could not be read or written at all.
  case unreadable(path: String, reason: String)
  /// The file is not a well-formed safetensors file.
  case malformed(path: String, reason: String)
  /// A tensor uses a dtype other than F32.
  case unsupportedDType(path: String, name: String, dtype: String)
  /// A tensor the network needs is not in the file.
  case missingTensor(path: String, name: String)
  /// The file holds a tensor the network does not have.
  case unexpectedTensor(path: String, name: String)
  /// A tensor has a different shape from the one the network needs.
  case shapeMismatch(path: String, name: String, expected: [Int], found: [Int])

  /// The file the problem is in.
  public var path: String {
    switch self {
    case .unreadable(let path, _), .malformed(let path, _), .unsupportedDType(let path, _, _),
      .missingTensor(let path, _), .unexpectedTensor(let path, _),
      .shapeMismatch(let path, _, _, _):
      return path
    }
  }

  /// What is wrong, without the file name, for messages that name the file themselves.
  public var reason: String {
    switch self {
    case .unreadable(_, let reason):
      return "cannot access the weights file: \(reason)"
    case .malformed(_, let reason):
      return "not a valid safetensors file: \(reason)"
    case .unsupportedDType(_, let name, let dtype):
      return "tensor '\(name)' has dtype \(dtype); only F32 is supported"
    case .missingTensor(_, let name):
      return "tensor '\(name)' is missing; was the file saved from another "
        + "network configuration?"
    case .unexpectedTensor(_, let name):
      return "tensor '\(name)' is not part of this network configuration"
    case .shapeMismatch(_, let name, let expected, let found):
      return "tensor '\(name)' has shape \(found) in the file, but the network "
        + "expects \(expected)"
    }
  }

  public var description: String { "\(path): \(reason)" }
}

/// Reading and writing the safetensors format: an 8-byte little-endian header length, a JSON
/// header mapping each name to `{"dtype", "shape", "data_offsets"}` (offsets relative to the
/// end of the header), then the raw little-endian data. Only float32 ("F32") is supported.
public enum Safetensors {
  /// Writes `tensors` in the given order (the header lists them in that order too, so the same
  /// tensors always give the same bytes). The file is replaced atomically.
  public static func write(
    _ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], to url: URL
  ) throws {
    var entries: [String] = []
    if !metadata.isEmpty {
      let fields = metadata.keys.sorted().map { "\(quoted($0)):\(quoted(metadata[$0]!))" }
      entries.append("\"__metadata__\":{\(fields.joined(separator: ","))}")
    }
    var offset = 0
    for (name, tensor) in tensors {
      let end = offset + 4 * tensor.count
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      let offsets = "[\(offset),\(end)]"
      entries.append(
        "\(quoted(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":\(offsets)}")
      offset = end
    }
    var header = Array("{\(entries.joined(separator: ","))}".utf8)
    // Pad with spaces so that the data starts 8-byte aligned, as the reference writer does.
    while (8 + header.count) % 8 != 0 { header.append(UInt8(ascii: " ")) }

    var data = Data(capacity: 8 + header.count + offset)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(contentsOf: header)
    for (_, tensor) in tensors {
      #if _endian(little)
        tensor.scalars.withUnsafeBytes { data.append(contentsOf: $0) }
      #else
        for value in tensor.scalars {
          withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
      #endif
    }
    do {
      try data.write(to: url, options: .atomic)
    } catch {
      throw SafetensorsError.unreadable(path: url.path, reason: error.localizedDescription)
    }
  }

  /// Reads every tensor of the file, in data-offset order, and the metadata.
  public static func read(
    from url: URL
  ) throws -> (tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) {
    let path = url.path
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw SafetensorsError.unreadable(path: path, reason: error.localizedDescription)
    }
    guard data.count >= 8 else {
      throw SafetensorsError.malformed(path: path, reason: "file is shorter than 8 bytes")
    }
    let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) {
      $0 | UInt64($1.element) << (8 * UInt64($1.offset))
    }
    guard headerLength <= UInt64(data.count - 8) else {
      throw SafetensorsError.malformed(
        path: path, reason: "header length \(headerLength) exceeds the file size \(data.count)")
    }
    let dataStart = 8 + Int(headerLength)
    let headerData = data.subdata(in: 8..<dataStart)
    guard
      let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any]
    else {
      throw SafetensorsError.malformed(path: path, reason: "header is not a JSON object")
    }

    var metadata: [String: String] = [:]
    var found: [(name: String, tensor: Tensor, start: Int)] = []
    for (name, value) in header {
      if name == "__metadata__" {
        metadata = (value as? [String: String]) ?? [:]
        continue
      }
      guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
        let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int],
        offsets.count == 2
      else {
        throw SafetensorsError.malformed(path: path, reason: "entry '\(name)' is incomplete")
      }
      guard dtype == "F32" else {
        throw SafetensorsError.unsupportedDType(path: path, name: name, dtype: dtype)
      }
      let (start, end) = (offsets[0], offsets[1])
      let count = shape.reduce(1, *)
      guard shape.allSatisfy({ $0 >= 0 }), start >= 0, end - start == 4 * count,
        dataStart + end <= data.count
      else {
        throw SafetensorsError.malformed(
          path: path,
          reason: "tensor '\(name)' with shape \(shape) does not fit its data offsets \(offsets)")
      }
      var scalars = [Float](repeating: 0, count: count)
      _ = scalars.withUnsafeMutableBytes { target in
        data.copyBytes(to: target, from: (dataStart + start)..<(dataStart + end))
      }
      #if !_endian(little)
        scalars = scalars.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
      #endif
      found.append((name, Tensor(shape: shape, scalars: scalars), start))
    }
    found.sort { ($0.start, $0.name) < ($1.start, $1.name) }
    return (found.map { ($0.name, $0.tensor) }, metadata)
  }

  /// A JSON string literal for `text`.
  private static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
