using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Localization;

namespace Hamdel.Server.Infrastructure.Errors;

/// <summary>
/// Answers requests that could not even be bound (malformed JSON, a value of the wrong type, an
/// unknown enum member, an unparsable route or query value) with problem details that name the
/// field and say what is wrong, instead of the framework's bare 400.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        // This runs in the exception-handler middleware, outside the request's localization scope
        // and after the endpoint was cleared: take both back from the request's features.
        if (httpContext.Features.Get<IRequestCultureFeature>()?.RequestCulture is { } culture)
        {
            CultureInfo.CurrentCulture = culture.Culture;
            CultureInfo.CurrentUICulture = culture.UICulture;
        }
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        var requestType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var (field, message) = Describe(bad, requestType);
        httpContext.Response.StatusCode = bad.StatusCode;
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? Strings.Get("Problem.TooLarge") : Strings.Get("Problem.Validation"),
            Detail = message,
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static (string Field, string Message) Describe(BadHttpRequestException bad, Type? requestType)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ("$", Strings.Get("Error.BodyTooLarge"));
        }
        if (bad.InnerException is JsonException json)
        {
            var field = JsonField(json.Path);
            // System.Text.Json reports a missing or malformed document without a path.
            if (json.Path is null or "$" || !json.Message.Contains("could not be converted", StringComparison.Ordinal))
            {
                return (field, Strings.Format("Error.MalformedJson", json.LineNumber + 1, json.BytePositionInLine + 1));
            }
            return (field, FieldType(requestType, json.Path) switch
            {
                { IsEnum: true } e => Strings.Format("Error.EnumValue", field, string.Join(", ", Enum.GetNames(e))),
                var t when t == typeof(Guid) => Strings.Format("Error.GuidValue", field),
                var t when t == typeof(DateTimeOffset) || t == typeof(DateTime) => Strings.Format("Error.DateValue", field),
                var t when t == typeof(string) => Strings.Format("Error.StringValue", field),
                var t when t == typeof(bool) => Strings.Format("Error.BoolValue", field),
                var t when t is not null && (t.IsPrimitive || t == typeof(decimal)) => Strings.Format("Error.NumberValue", field),
                _ => Strings.Format("Error.WrongJsonValue", field),
            });
        }
        // A route, query or header value that does not parse. The framework's message reads
        // 'Failed to bind parameter "Nullable<int> limit" from "abc".'
        var quoted = bad.Message.Split('"');
        if (quoted.Length >= 3)
        {
            var declaration = quoted[1].Trim();
            var name = JsonNamingPolicy.CamelCase.ConvertName(declaration.Split(' ')[^1]);
            var type = declaration.Contains(' ', StringComparison.Ordinal) ? declaration[..declaration.LastIndexOf(' ')] : "";
            return (name, type.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('>') switch
            {
                "int" or "long" or "short" or "double" or "decimal" or "float" => Strings.Format("Error.NumberValue", name),
                "Guid" => Strings.Format("Error.GuidValue", name),
                "DateTimeOffset" or "DateTime" or "DateOnly" => Strings.Format("Error.DateValue", name),
                "bool" => Strings.Format("Error.BoolValue", name),
                var t when typeof(BadRequestExceptionHandler).Assembly.GetTypes().FirstOrDefault(x => x.IsEnum && x.Name == t) is { } e
                    => Strings.Format("Error.EnumValue", name, string.Join(", ", Enum.GetNames(e))),
                _ => Strings.Format("Error.WrongJsonValue", name),
            });
        }
        return ("request", bad.Message);
    }

    /// <summary>
    /// The type of the field at a JSON path (<c>$.items[2].role</c>), found by walking the endpoint's
    /// declared request type; null when it cannot be told.
    /// </summary>
    private static Type? FieldType(Type? root, string? path)
    {
        if (root is null || string.IsNullOrEmpty(path))
        {
            return null;
        }
        var type = root;
        foreach (var segment in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment;
            var bracket = name.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                name = name[..bracket];
            }
            if (name.Length > 0)
            {
                var property = type.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
                if (property is null)
                {
                    return null;
                }
                type = property.PropertyType;
            }
            for (var i = 0; bracket >= 0 && i < segment.Count(c => c == '['); i++)
            {
                type = ElementType(type);
                if (type is null)
                {
                    return null;
                }
            }
        }
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary><c>$.sender.email</c> → <c>sender.email</c>; <c>$[3].text</c> → <c>[3].text</c>.</summary>
    private static string JsonField(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "$" : path.TrimStart('$').TrimStart('.');
}
