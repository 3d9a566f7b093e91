using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CallCluster.Agent.Tools;

namespace CallCluster.Agent.Tests.Tools;

public sealed class JsonSchemaTests
{
    private static readonly JsonSchema Schema = new()
    {
        Type = "object",
        Required = ["order_number", "quantity"],
        Properties = new Dictionary<string, JsonSchema>(StringComparer.Ordinal)
        {
            ["order_number"] = new() { Type = "string", Pattern = new Regex("^[0-9]{6}$", RegexOptions.None, TimeSpan.FromSeconds(1)) },
            ["quantity"] = new() { Type = "integer", Minimum = 1, Maximum = 5 },
            ["reason"] = new() { Type = "string", Enum = ["damaged", "wrong_item"] },
            ["note"] = new() { Type = "string", MinLength = 2, MaxLength = 10 },
            ["gift"] = new() { Type = "boolean" },
        },
    };

    [Fact]
    public void Valid_arguments_pass() =>
        Assert.Empty(Schema.Validate(JsonNode.Parse("""{"order_number":"123456","quantity":2,"reason":"damaged","note":"hi","gift":true}""")));

    [Theory]
    [InlineData("""{"quantity":2}""", "$.order_number: is required")]
    [InlineData("""{"order_number":"12345","quantity":2}""", "$.order_number: does not match ^[0-9]{6}$")]
    [InlineData("""{"order_number":"123456","quantity":9}""", "$.quantity: greater than 5")]
    [InlineData("""{"order_number":"123456","quantity":0}""", "$.quantity: less than 1")]
    [InlineData("""{"order_number":"123456","quantity":1.5}""", "$.quantity: expected integer, got number")]
    [InlineData("""{"order_number":"123456","quantity":1,"reason":"bored"}""", "$.reason: must be one of damaged, wrong_item")]
    [InlineData("""{"order_number":"123456","quantity":1,"note":"x"}""", "$.note: shorter than 2")]
    [InlineData("""{"order_number":"123456","quantity":1,"note":"far too long"}""", "$.note: longer than 10")]
    [InlineData("""{"order_number":"123456","quantity":1,"gift":"yes"}""", "$.gift: expected boolean, got string")]
    [InlineData("""{"order_number":"123456","quantity":1,"admin":true}""", "$.admin: is not a known argument")]
    [InlineData("""[1]""", "$: expected object, got array")]
    public void Each_rule_is_enforced(string json, string error) =>
        Assert.Equal([error], Schema.Validate(JsonNode.Parse(json)));

    [Fact]
    public void Rendered_strings_are_coerced_to_the_declared_types()
    {
        var json = Schema.Coerce(new Dictionary<string, string>(StringComparer.Ordinal) { ["order_number"] = "123456", ["quantity"] = "3", ["gift"] = "true", ["note"] = "" });
        Assert.Empty(Schema.Validate(json));
        Assert.False(json.ContainsKey("note"));
        Assert.Equal(3, json["quantity"]!.GetValue<long>());
    }
}
