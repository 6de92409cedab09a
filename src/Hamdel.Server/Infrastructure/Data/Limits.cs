namespace Hamdel.Server;

/// <summary>Field lengths shared by the database schema and input validation, so they cannot disagree.</summary>
internal static class Limits
{
    public const int NameLength = 200;
    public const int EmailLength = 254;
    public const int PasswordMinLength = 10;
    public const int PasswordMaxLength = 256;
    public const int TokenNameLength = 100;
    public const int PageSizeDefault = 50;
    public const int PageSizeMax = 200;
    public const int TagLength = 64;
    public const int MessageTextLength = 100_000;
    public const int AttributeKeyLength = 64;
    public const int AttributeValueLength = 1_000;
    public const int IdentityLength = 320;
    /// <summary>Messages in one batch request.</summary>
    public const int BatchSize = 1_000;
}
