import Testing

@testable import StowageCore

@Suite struct SourceCommandTests {
    @Test func readAddsTheProtocolsArgumentsAfterTheUsersOwn() throws {
        let command = try SourceCommand(program: ["docker", "run", "--rm", "-i", "airbyte/source-faker"])
        #expect(
            command.read(config: "src.json", catalog: "cat.json", state: nil) == [
                "docker", "run", "--rm", "-i", "airbyte/source-faker", "read", "--config", "src.json", "--catalog",
                "cat.json",
            ])
        #expect(
            try SourceCommand(program: ["source-faker"]).read(config: "c", catalog: "k", state: "/tmp/s/state.json")
                == [
                    "source-faker", "read", "--config", "c", "--catalog", "k", "--state", "/tmp/s/state.json",
                ])
    }

    @Test func discoverTakesOnlyTheConfig() throws {
        #expect(
            try SourceCommand(program: ["python3", "src.py"]).discover(config: "a b.json") == [
                "python3", "src.py", "discover", "--config", "a b.json",
            ])
    }

    @Test(arguments: [[String](), [""], ["ok", "bad\u{0}arg"]])
    func aMissingOrImpossibleProgramIsAConfigError(_ program: [String]) {
        #expect(throws: ConfigError.self) { try SourceCommand(program: program) }
    }

    @Test func theDisplayNameLeavesOutFoldersAndLaterArguments() throws {
        #expect(
            try SourceCommand(program: ["/usr/bin/python3", "/x/y/src.py", "--key", "secret"]).displayName
                == "python3 src.py")
        #expect(try SourceCommand(program: ["/opt/source-x", "--api-key=secret"]).displayName == "source-x")
        #expect(try SourceCommand(program: ["source-x", "s3cr3t"]).displayName == "source-x")
    }

    @Test(arguments: [
        ("state.json", StateLocation.local(path: "state.json")),
        ("/var/lib/s/users.json", .local(path: "/var/lib/s/users.json")),
        ("s3://bucket/state/users.json", .s3(bucket: "bucket", key: "state/users.json")),
        ("s3://b/k", .s3(bucket: "b", key: "k")),
    ])
    func stateLocationsAreAPathOrAnObject(_ text: String, _ expected: StateLocation) throws {
        #expect(try StateLocation.parse(text) == expected)
    }

    @Test(arguments: ["", "dir/", "s3://", "s3://bucket", "s3://bucket/", "s3:///key", "s3://b/dir/"])
    func aStateLocationNamingNoFileOrObjectIsAConfigError(_ text: String) throws {
        let error = try #require(throws: ConfigError.self) { try StateLocation.parse(text) }
        #expect(error.message.contains("'\(text)'"))
    }
}
