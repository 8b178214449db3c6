import Testing

@Test func SiameseEngineBuilds() {
  #expect(Bool(true))
}
