import Testing

@Test func ImagingBuilds() {
  #expect(Bool(true))
}
