import CCrypto
import Foundation

extension SHA256 {
  /// An incremental SHA-256 computation: feed bytes with `update`, read the digest with
  /// `finalize()`.
  ///
  /// `Hasher` has value semantics: copying one and feeding the copies different bytes gives two
  /// independent digests (the OpenSSL context is duplicated on the first write after a copy).
  public struct Hasher {
    private var context: DigestContext

    /// A hasher that has seen no bytes yet.
    public init() {
      context = DigestContext()
    }

    /// Appends `bytes` to the message.
    public mutating func update(_ bytes: some Collection<UInt8>) {
      makeContextUnique()
      let context = self.context
      let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
        context.update(UnsafeRawBufferPointer(buffer))
      }
      if handled == nil {
        Array(bytes).withUnsafeBytes { context.update($0) }
      }
    }

    /// Appends raw memory to the message.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
      makeContextUnique()
      context.update(buffer)
    }

    /// Appends the UTF-8 encoding of `string` (no terminator) to the message.
    public mutating func update(string: String) {
      var string = string
      string.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// The digest of everything fed so far, as 64 lowercase hex characters. The hasher is
    /// consumed: a digest is read once.
    public consuming func finalize() -> String {
      makeContextUnique()
      return context.finalize()
    }

    private mutating func makeContextUnique() {
      if !isKnownUniquelyReferenced(&context) {
        context = context.copy()
      }
    }
  }
}

/// Owns one `EVP_MD_CTX`. Only `SHA256.Hasher` touches it, and it copies the context before
/// writing whenever the box is shared, so no two values ever mutate the same context.
private final class DigestContext {
  private let pointer: OpaquePointer

  init() {
    guard let pointer = EVP_MD_CTX_new() else {
      preconditionFailure("EVP_MD_CTX_new failed: libcrypto could not allocate a digest context")
    }
    self.pointer = pointer
    let status = EVP_DigestInit_ex(pointer, EVP_sha256(), nil)
    precondition(status == 1, "EVP_DigestInit_ex(EVP_sha256) failed in libcrypto")
  }

  private init(copying other: OpaquePointer) {
    guard let pointer = EVP_MD_CTX_new() else {
      preconditionFailure("EVP_MD_CTX_new failed: libcrypto could not allocate a digest context")
    }
    self.pointer = pointer
    let status = EVP_MD_CTX_copy_ex(pointer, other)
    precondition(status == 1, "EVP_MD_CTX_copy_ex failed in libcrypto")
  }

  deinit {
    EVP_MD_CTX_free(pointer)
  }

  func copy() -> DigestContext {
    DigestContext(copying: pointer)
  }

  func update(_ buffer: UnsafeRawBufferPointer) {
    guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
    let status = EVP_DigestUpdate(pointer, base, buffer.count)
    precondition(status == 1, "EVP_DigestUpdate failed in libcrypto")
  }

  func finalize() -> String {
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    let status = EVP_DigestFinal_ex(pointer, &digest, &length)
    precondition(status == 1 && length == 32, "EVP_DigestFinal_ex failed in libcrypto")
    return SHA256.lowercaseHex(digest[0..<Int(length)])
  }
}
