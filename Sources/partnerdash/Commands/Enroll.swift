import ArgumentParser

struct Enroll: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Enroll as an indirect reseller, verify the primary contact's email, and follow the review.",
        discussion: """
            `partnerdash enroll --new-tenant PREFIX …` starts (same as `enroll start`); then, signed in as the \
            new admin: `enroll verify --code CODE` with the code mailed to the primary contact (outbox), \
            `enroll review`, `enroll status`; after a rejection, `enroll resubmit [--mpn-id MPN]`.

            Examples:
              partnerdash enroll status --as mia
              partnerdash enroll verify --code 123456
            """,
        subcommands: [EnrollStart.self, EnrollVerify.self, EnrollReview.self, EnrollResubmit.self, EnrollStatus.self],
        defaultSubcommand: EnrollStart.self)
}
