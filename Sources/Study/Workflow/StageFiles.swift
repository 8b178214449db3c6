import Foundation

/// Reading and writing the files stages keep in the cache.
enum StageFiles {
  static func writeJSON(_ value: some Encodable, to url: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    try encoder.encode(value).write(to: url)
  }

  static func readJSON<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
    try JSONDecoder().decode(type, from: Data(contentsOf: url))
  }

  /// Float32 samples, little-endian, no header.
  static func writeFloats(_ values: [Float], to url: URL) throws {
    let data = values.withUnsafeBufferPointer { buffer in
      var data = Data(capacity: buffer.count * 4)
      for value in buffer {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
      }
      return data
    }
    try data.write(to: url)
  }

  static func readFloats(from url: URL) throws -> [Float] {
    let data = try Data(contentsOf: url)
    precondition(data.count % 4 == 0, "\(url.path) does not hold whole float32 values")
    return data.withUnsafeBytes { raw in
      (0..<(data.count / 4)).map { index in
        Float(
          bitPattern: UInt32(
            littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
      }
    }
  }
}

/// What the preprocessing stage stores besides the pixels.
struct PreparedMetadata: Codable {
  var classes: [String]
  var images: [StudyImage]
  var rejected: [RejectedFile]
  var duplicates: [DuplicatePair]
  var size: Int
  var channels: Int

  init(_ data: PreparedData) {
    classes = data.classes
    images = data.images
    rejected = data.rejected
    duplicates = data.duplicates
    size = data.size
    channels = data.channels
  }

  func prepared(pixels: [Float]) -> PreparedData {
    PreparedData(
      classes: classes, images: images, pixels: pixels, size: size, channels: channels,
      rejected: rejected, duplicates: duplicates)
  }
}

/// What the evaluation stage stores.
struct EvaluationOutput: Codable {
  var nway: [NWayResult]
  var skipped: [String]
  var assignment: AssignmentMetrics?
  var unknown: UnknownMetrics?
  var map: EmbeddingMap?
  var external: ExternalMetrics?
}
