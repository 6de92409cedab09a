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
}
