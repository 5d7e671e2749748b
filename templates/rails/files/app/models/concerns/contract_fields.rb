# The contract's strict field types for a model, checked against the JSON values themselves
# (ActiveRecord would cast "12" to 12 or "true" to true before a validation could see it).
#
#   contract_field :title, :string, required: true
#
# `assign_contract(body)` takes every declared field from a parsed JSON object (a field absent
# from it is nil); the `validate` callback turns what did not fit into errors, one per field;
# `contract_json` is the record as the API returns it: id first, then the fields in order,
# datetimes in UTC with milliseconds.
module ContractFields
  extend ActiveSupport::Concern

  MAX_SAFE_INTEGER = (2**53) - 1
  MAX_STRING_LENGTH = 255
  RFC3339 = /\A([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))\z/

  included do
    class_attribute :contract_fields, instance_writer: false, default: {}.freeze
    validate :contract_values_fit
  end

  class_methods do
    def contract_field(name, kind, required:)
      self.contract_fields = contract_fields.merge(name.to_s => { kind: kind, required: required }).freeze
    end
  end

  # The value to store for a JSON value of a field kind, or the message saying why it does not
  # fit: [value, nil] or [nil, message]. nil (JSON null) is [nil, nil].
  def self.accept(kind, value)
    return [ nil, nil ] if value.nil?

    case kind
    when :string, :text
      return [ nil, "must be a string" ] unless value.is_a?(String)
      return [ nil, "must not contain U+0000" ] if value.include?("\u0000")
      if kind == :string && value.length > MAX_STRING_LENGTH
        return [ nil, "must be at most #{MAX_STRING_LENGTH} characters" ]
      end

      [ value, nil ]
    when :int
      return [ nil, "must be an integer" ] unless value.is_a?(Integer)
      return [ nil, "must be between -(2^53-1) and 2^53-1" ] unless value.abs <= MAX_SAFE_INTEGER

      [ value, nil ]
    when :float
      return [ nil, "must be a number" ] unless value.is_a?(Integer) || value.is_a?(Float)
      return [ nil, "must be a finite number" ] unless value.to_f.finite?

      [ value.to_f, nil ]
    when :bool
      return [ nil, "must be true or false" ] unless value == true || value == false

      [ value, nil ]
    when :datetime
      time = parse_time(value) if value.is_a?(String)
      return [ nil, "must be an RFC 3339 date-time with an offset" ] unless time

      [ time, nil ]
    else
      raise ArgumentError, "unknown contract field kind #{kind.inspect}"
    end
  end

  # An RFC 3339 date-time (`T`/`t`, `Z`/`z` or ±HH:MM, optional fraction) as a UTC Time, or
  # nil when the text is not one or names an impossible date or time.
  def self.parse_time(text)
    match = RFC3339.match(text)
    return nil unless match

    year, month, day, hour, minute, second = match.captures.first(6).map { |part| Integer(part, 10) }
    return nil unless Date.valid_date?(year, month, day) && hour < 24 && minute < 60 && second < 60

    offset = 0
    if match[9]
      offset_hours = Integer(match[10], 10)
      offset_minutes = Integer(match[11], 10)
      return nil if offset_hours > 23 || offset_minutes > 59

      offset = ((offset_hours * 60) + offset_minutes) * 60
      offset = -offset if match[9] == "-"
    end
    microseconds = (match[7] || "").ljust(6, "0")[0, 6].to_i
    time = Time.utc(year, month, day, hour, minute, second, microseconds) - offset
    time if time.year.between?(0, 9999)
  end

  # Takes every declared field from a parsed JSON object; what does not fit is kept as an
  # error for validation and stored as nil.
  def assign_contract(body)
    @contract_errors = {}
    contract_fields.each do |name, field|
      value, message = ContractFields.accept(field[:kind], body[name])
      @contract_errors[name] = message if message
      self[name] = value
    end
  end

  # The record as the API returns it.
  def contract_json
    contract_fields.each_with_object({ "id" => id }) do |(name, field), json|
      value = self[name]
      value = value.utc.strftime("%Y-%m-%dT%H:%M:%S.%LZ") if field[:kind] == :datetime && value
      json[name] = value
    end
  end

  private

  def contract_values_fit
    contract_fields.each do |name, field|
      message = @contract_errors&.fetch(name, nil)
      message ||= "is required" if field[:required] && self[name].nil?
      errors.add(name.to_sym, message) if message
    end
  end
end
