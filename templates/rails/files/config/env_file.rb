# Reads `.env` beside the Gemfile when there is one: each `NAME=value` line sets NAME unless
# the environment already has it. Lines starting with `#` and blank lines are skipped; a value
# may be wrapped in single or double quotes. No gem needed, so Puma and every bin/rails
# command see the same settings.
module EnvFile
  LINE = /\A(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)\z/

  def self.load(path = File.expand_path("../.env", __dir__))
    return unless File.file?(path)

    File.foreach(path, chomp: true) do |line|
      match = LINE.match(line.strip)
      next unless match

      name = match[1]
      value = match[2].strip
      value = value[1..-2] if value.length >= 2 && value[0] == value[-1] && %w[ " ' ].include?(value[0])
      ENV[name] = value unless ENV.key?(name)
    end
  end
end

EnvFile.load
