using System.Globalization;
using System.Text.Json;
using FluentValidation;

namespace Hamdel.Server.Infrastructure.Errors;

internal static class ValidationSetup
{
    /// <summary>
    /// Validation messages name fields as the API spells them (camelCase JSON paths such as
    /// <c>sender.email</c>) and, in sentences, by their name in the reader's language. The messages
    /// themselves come in the reader's language from FluentValidation's own translations.
    /// </summary>
    public static void Configure()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : FieldName(member.Name);
        ValidatorOptions.Global.LanguageManager.Enabled = true;
    }

    /// <summary>A field's name for people: the translation in <c>Strings</c> if there is one, else the JSON name.</summary>
    public static string FieldName(string member)
    {
        var key = "Field." + member;
        var text = Strings.Manager.GetString(key, CultureInfo.CurrentUICulture);
        return text ?? JsonNamingPolicy.CamelCase.ConvertName(member);
    }
}
