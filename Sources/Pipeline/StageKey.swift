import Foundation

/// A stage's cache key: SHA-256 over everything the stage's result depends on, in a canonical,
/// order-independent encoding: the stage name, its implementation version, its parameters (each
/// as canonical JSON with sorted keys) and the content hashes of the files and upstream outputs
/// it reads.
///
/// The readable inputs are kept next to the digest so that `differences(from:)` can say why a
/// stage is stale compared with the key recorded last time.
///
/// Two keys built with the same additions in any order have the same digest. Floating-point
/// parameters are rendered by `JSONEncoder` (shortest round-trip form), so 0.1 and 0.1000000001
/// are different keys; NaN and infinities are encoded as the strings "nan", "inf" and "-inf".
public struct StageKey: Codable, Sendable, Equatable {
  /// The stage's name, e.g. "training".
  public private(set) var stage: String
  /// Bump when the stage's code changes what it produces, so old cache entries stop matching.
  public private(set) var version: Int
  /// Parameter name -> canonical JSON of its value.
  public private(set) var parameters: [String: String]
  /// Input name -> SHA-256 (hex) of the file set or upstream output it names.
  public private(set) var inputHashes: [String: String]

  /// A key with no parameters or inputs yet.
  public init(stage: String, version: Int) {
    self.stage = stage
    self.version = version
    parameters = [:]
    inputHashes = [:]
  }

  /// Records a parameter the stage reads. Its value is stored as canonical JSON (sorted keys,
  /// no whitespace), so dictionaries compare by content, not by insertion order.
  ///
  /// A name may be used once per key across parameters and inputs (programmer error otherwise).
  public mutating func add(parameter name: String, _ value: some Encodable) {
    precondition(
      parameters[name] == nil && inputHashes[name] == nil,
      "StageKey(\(stage)): '\(name)' was added twice")
    let data: Data
    do {
      data = try CanonicalJSON.encoder(pretty: false).encode(value)
    } catch {
      preconditionFailure("StageKey(\(stage)): parameter '\(name)' cannot be encoded: \(error)")
    }
    parameters[name] = String(decoding: data, as: UTF8.self)
  }

  /// Records the random seed the stage uses, as the parameter "seed".
  public mutating func add(seed: UInt64) {
    add(parameter: "seed", seed)
  }

  /// Records an input by content hash: an upstream stage's output digest, a file's SHA-256, or a
  /// file set's `FileFingerprint.treeHash`.
  ///
  /// A name may be used once per key across parameters and inputs (programmer error otherwise).
  public mutating func add(input name: String, hash: String) {
    precondition(
      parameters[name] == nil && inputHashes[name] == nil,
      "StageKey(\(stage)): '\(name)' was added twice")
    inputHashes[name] = hash
  }

  /// Every parameter and input by name: parameters map to their canonical JSON, inputs to their
  /// hash. Meant for display and diffs.
  public var inputs: [String: String] {
    parameters.merging(inputHashes) { parameter, _ in parameter }
  }

  /// SHA-256 (64 lowercase hex characters) of the canonical encoding: a format tag, the stage
  /// name and version, then every parameter and input in byte-wise name order, each as kind,
  /// name and value with their lengths, so no two different keys encode alike.
  public var digest: String {
    var hasher = SHA256.Hasher()
    func field(_ text: String) {
      hasher.update(string: "\(text.utf8.count):")
      hasher.update(string: text)
      hasher.update([0x0a])
    }

    field("siamese-report stage key 1")
    field(stage)
    field(String(version))
    for (kind, values) in [("parameter", parameters), ("input", inputHashes)] {
      for name in values.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
        field(kind)
        field(name)
        field(values[name]!)
      }
    }
    return hasher.finalize()
  }
}
