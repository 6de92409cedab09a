using FluentValidation.Results;

namespace Hamdel.Server.Infrastructure.Errors;

internal enum FailureKind
{
    Validation,
    NotFound,
    Forbidden,
    Conflict,
    Unauthorized,
    Gone,
    /// <summary>Understood but refused as it stands (e.g. an idempotency key reused with another body).</summary>
    Unprocessable,
}

/// <summary>
/// An expected way for a use case to end without doing its work. Handlers return it instead of
/// throwing; the API turns it into RFC 9457 problem details and the UI shows it next to the form.
/// </summary>
internal sealed record Failure(FailureKind Kind, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>Extra members of the problem-details body (e.g. where a merged customer went).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    public static Failure NotFound(string detail) => new(FailureKind.NotFound, detail);
    public static Failure Forbidden(string detail) => new(FailureKind.Forbidden, detail);
    public static Failure Conflict(string detail) => new(FailureKind.Conflict, detail);
    public static Failure Unauthorized(string detail) => new(FailureKind.Unauthorized, detail);
    public static Failure Gone(string detail) => new(FailureKind.Gone, detail);

    /// <summary>One field is wrong.</summary>
    public static Failure Invalid(string field, string message) =>
        new(FailureKind.Validation, message, new Dictionary<string, string[]> { [field] = [message] });

    public static Failure Invalid(ValidationResult result)
    {
        var errors = result.Errors
            .GroupBy(e => e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return new(FailureKind.Validation, string.Join(" ", errors.Values.SelectMany(v => v)), errors);
    }

    /// <summary>The message for one field, for showing beside it in a form.</summary>
    public string? For(string field) => Errors is not null && Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}

/// <summary>Either the value a use case produced or the <see cref="Failure"/> that stopped it.</summary>
internal readonly record struct Outcome<T>
{
    private Outcome(T? value, Failure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }
    public Failure? Failure { get; }
    public bool Succeeded => Failure is null;

#pragma warning disable CA2225 // the implicit conversions are the point: `return value;` / `return Failure.NotFound(...)`
    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(Failure failure) => new(default, failure);
#pragma warning restore CA2225
}

/// <summary>For use cases that produce nothing but success.</summary>
internal readonly record struct Done
{
    public static readonly Done Value;
}
