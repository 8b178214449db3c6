import Testing

@Test func SiameseCLIBuilds() {
  #expect(Bool(true))
}
