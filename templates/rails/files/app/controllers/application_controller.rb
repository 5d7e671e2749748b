# The contract's request checks, in its order, shared by every resource controller:
# a record id from the path (ASCII digits only), then the Content-Type (415), the body size
# (413) and the body itself (400), then the model's validations (422).
class ApplicationController < ActionController::API
  MAX_BODY_BYTES = 1_048_576
  MAX_ID = (2**63) - 1
  ID_FORMAT = /\A[0-9]+\z/

  # A contract error: rendered as {"error": message} with its status.
  class ContractError < StandardError
    attr_reader :status

    def initialize(status, message)
      super(message)
      @status = status
    end
  end

  # Never parse the body into params to wrap it (that would run before the contract's checks).
  wrap_parameters false

  rescue_from ContractError do |error|
    render json: { error: error.message }, status: error.status
  end

  private

  # The record named by the path's id, read from the route itself (params would parse the
  # body first). Only ASCII digits name a record; anything else is a 404.
  def find_record!(model)
    raw = request.path_parameters[:id].to_s
    id = Integer(raw, 10) if ID_FORMAT.match?(raw)
    record = model.find_by(id: id) if id && id >= 1 && id <= MAX_ID
    record || raise(ContractError.new(404, "not found"))
  end

  # The request body as a Hash: 415 unless it is JSON, 413 over 1 MiB (from Content-Length
  # before reading, else by reading one byte more than allowed), 400 unless it is valid UTF-8
  # JSON holding an object.
  def json_body!
    unless json_content_type?
      raise ContractError.new(415, "content type must be application/json")
    end

    length = request.get_header("CONTENT_LENGTH").to_s
    if length.match?(/\A[0-9]+\z/) && length.to_i > MAX_BODY_BYTES
      raise ContractError.new(413, "body too large")
    end

    # A copy of what was read (read may give nil or a frozen string), taken as UTF-8.
    raw = String.new(request.body_stream&.read(MAX_BODY_BYTES + 1) || "", encoding: Encoding::UTF_8)
    raise ContractError.new(413, "body too large") if raw.bytesize > MAX_BODY_BYTES
    raise ContractError.new(400, "malformed JSON") unless raw.valid_encoding?

    body = begin
      JSON.parse(raw)
    rescue JSON::ParserError, EncodingError
      raise ContractError.new(400, "malformed JSON")
    end
    raise ContractError.new(400, "body must be a JSON object") unless body.is_a?(Hash)

    body
  end

  # application/json (any case), with or without parameters; a charset other than UTF-8 is
  # refused. Read from the header itself: Rails' own readers differ between versions.
  def json_content_type?
    media_type, *parameters = request.get_header("CONTENT_TYPE").to_s.split(";")
    return false unless media_type.to_s.strip.casecmp?("application/json")

    charsets = parameters.map { |parameter| parameter.strip.split("=", 2) }.select { |name, _| name.to_s.casecmp?("charset") }
    charsets.all? { |_, value| value.to_s.delete('"').casecmp?("utf-8") }
  end

  # Saves the record and renders it with `status`, or renders the contract's 422 naming
  # every failing field.
  def save_and_render(record, status)
    if record.save
      render json: record.contract_json, status: status
    else
      fields = {}
      record.errors.each { |error| fields[error.attribute.to_s] ||= error.message }
      render json: { error: "validation failed", fields: fields }, status: 422
    end
  end
end
