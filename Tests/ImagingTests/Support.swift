import Foundation
import Imaging
import Testing

/// The error `decode(bytes:)` throws for `bytes`, or nil when it decodes.
func decodeError(
  _ bytes: [UInt8], name: String = "x", pixelLimit: Int = ImageDecoder.defaultPixelLimit
) -> ImageError? {
  do {
    _ = try ImageDecoder.decode(bytes: bytes, name: name, pixelLimit: pixelLimit)
    return nil
  } catch {
    return error
  }
}

/// The case name of a reason, to compare kinds without the library's exact message.
func kind(_ reason: ImageError.Reason?) -> String {
  switch reason {
  case .unreadable: "unreadable"
  case .empty: "empty"
  case .notAnImage: "notAnImage"
  case .truncated: "truncated"
  case .corrupt: "corrupt"
  case .tooLarge: "tooLarge"
  case nil: "decoded"
  }
}

/// Every sample of `raster` within `tolerance` of `expected`.
func expectSamples(
  _ raster: Raster, _ expected: [Float], tolerance: Float = 1e-6,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(raster.samples.count == expected.count, sourceLocation: sourceLocation)
  for (i, (got, want)) in zip(raster.samples, expected).enumerated() {
    #expect(
      abs(got - want) <= tolerance, "sample \(i): got \(got), want \(want)",
      sourceLocation: sourceLocation)
  }
}

/// A fresh empty folder under the system temporary folder.
func makeTemporaryFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("imaging-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
