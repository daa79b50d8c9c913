package fakediscord

import "encoding/json"

// Channel types used by the fake.
const (
	ChannelText          = 0
	ChannelCategory      = 4
	ChannelPublicThread  = 11
	ChannelPrivateThread = 12
)

// User is a Discord user as the API sends it.
type User struct {
	ID            string  `json:"id"`
	Username      string  `json:"username"`
	GlobalName    *string `json:"global_name"`
	Discriminator string  `json:"discriminator"`
	Avatar        *string `json:"avatar"`
	Bot           bool    `json:"bot,omitempty"`
	PublicFlags   int     `json:"public_flags"`
}

// Member is a guild member as the API sends it.
type Member struct {
	User        *User    `json:"user,omitempty"`
	Nick        *string  `json:"nick"`
	Roles       []string `json:"roles"`
	JoinedAt    string   `json:"joined_at"`
	Deaf        bool     `json:"deaf"`
	Mute        bool     `json:"mute"`
	Flags       int      `json:"flags"`
	Pending     bool     `json:"pending"`
	Permissions string   `json:"permissions,omitempty"`
}

// Overwrite is a channel permission overwrite.
type Overwrite struct {
	ID    string `json:"id"`
	Type  int    `json:"type"`
	Allow string `json:"allow"`
	Deny  string `json:"deny"`
}

// Channel is a guild channel.
type Channel struct {
	ID                   string      `json:"id"`
	Type                 int         `json:"type"`
	GuildID              string      `json:"guild_id"`
	Name                 string      `json:"name"`
	Topic                *string     `json:"topic"`
	ParentID             *string     `json:"parent_id"`
	Position             int         `json:"position"`
	PermissionOverwrites []Overwrite `json:"permission_overwrites"`
	NSFW                 bool        `json:"nsfw"`
	RateLimitPerUser     int         `json:"rate_limit_per_user"`
	LastMessageID        *string     `json:"last_message_id"`
	Flags                int         `json:"flags"`

	// Threads only (see threads.go).
	OwnerID        string          `json:"owner_id,omitempty"`
	ThreadMetadata *ThreadMetadata `json:"thread_metadata,omitempty"`
	MessageCount   *int            `json:"message_count,omitempty"`
	MemberCount    *int            `json:"member_count,omitempty"`
}

// ThreadMetadata is a thread channel's thread_metadata.
type ThreadMetadata struct {
	Archived            bool    `json:"archived"`
	ArchiveTimestamp    *string `json:"archive_timestamp"`
	AutoArchiveDuration int     `json:"auto_archive_duration"`
	Locked              bool    `json:"locked"`
	CreateTimestamp     string  `json:"create_timestamp"`
}

// Attachment is a file attached to a message. Data holds the uploaded
// bytes, for tests to read; it is not part of the wire format.
type Attachment struct {
	ID          string `json:"id"`
	Filename    string `json:"filename"`
	Size        int    `json:"size"`
	URL         string `json:"url"`
	ProxyURL    string `json:"proxy_url"`
	ContentType string `json:"content_type,omitempty"`
	Data        []byte `json:"-"`
}

// AllowedMentions is the allowed_mentions object of a message create.
type AllowedMentions struct {
	Parse       []string `json:"parse"`
	Roles       []string `json:"roles,omitempty"`
	Users       []string `json:"users,omitempty"`
	RepliedUser bool     `json:"replied_user,omitempty"`
}

// Emoji is a reaction emoji.
type Emoji struct {
	ID   *string `json:"id"`
	Name string  `json:"name"`
}

// Message is a channel message. AllowedMentions records what the sender
// asked for; it is not part of the wire format of a message.
type Message struct {
	ID              string            `json:"id"`
	Type            int               `json:"type"`
	ChannelID       string            `json:"channel_id"`
	GuildID         string            `json:"guild_id,omitempty"`
	Author          *User             `json:"author"`
	Member          *Member           `json:"member,omitempty"`
	Content         string            `json:"content"`
	Timestamp       string            `json:"timestamp"`
	EditedTimestamp *string           `json:"edited_timestamp"`
	TTS             bool              `json:"tts"`
	MentionEveryone bool              `json:"mention_everyone"`
	Mentions        []*User           `json:"mentions"`
	MentionRoles    []string          `json:"mention_roles"`
	Attachments     []*Attachment     `json:"attachments"`
	Embeds          []json.RawMessage `json:"embeds"`
	Components      []json.RawMessage `json:"components"`
	Pinned          bool              `json:"pinned"`
	Flags           int               `json:"flags"`
	WebhookID       string            `json:"webhook_id,omitempty"`
	ApplicationID   string            `json:"application_id,omitempty"`
	Nonce           *string           `json:"nonce,omitempty"`

	AllowedMentions *AllowedMentions `json:"-"`
	// PingsEveryone, PingsRoles and PingsUsers say whom the message would
	// notify in a real client, given its content and allowed_mentions.
	PingsEveryone bool     `json:"-"`
	PingsRoles    []string `json:"-"`
	PingsUsers    []string `json:"-"`
}

// Option is an option of an application command interaction, as Discord
// sends it in INTERACTION_CREATE: a subcommand, a group, or a value.
type Option struct {
	Name    string    `json:"name"`
	Type    int       `json:"type"`
	Value   any       `json:"value,omitempty"`
	Options []*Option `json:"options,omitempty"`
}

// Option types.
const (
	OptSubCommand      = 1
	OptSubCommandGroup = 2
	OptString          = 3
	OptInteger         = 4
	OptBoolean         = 5
	OptUser            = 6
)

// Sub returns a subcommand option.
func Sub(name string, opts ...*Option) *Option {
	return &Option{Name: name, Type: OptSubCommand, Options: opts}
}

// Group returns a subcommand group option.
func Group(name string, subs ...*Option) *Option {
	return &Option{Name: name, Type: OptSubCommandGroup, Options: subs}
}

// Str returns a string option.
func Str(name, v string) *Option { return &Option{Name: name, Type: OptString, Value: v} }

// Int returns an integer option.
func Int(name string, v int) *Option { return &Option{Name: name, Type: OptInteger, Value: v} }

// UserOpt returns a user option naming a user id.
func UserOpt(name, id string) *Option { return &Option{Name: name, Type: OptUser, Value: id} }

// Command is a registered application command, as clients send it (the
// fake adds ids).
type Command struct {
	ID                       string           `json:"id"`
	ApplicationID            string           `json:"application_id"`
	GuildID                  string           `json:"guild_id,omitempty"`
	Version                  string           `json:"version"`
	Type                     int              `json:"type"`
	Name                     string           `json:"name"`
	Description              string           `json:"description"`
	DefaultMemberPermissions *string          `json:"default_member_permissions"`
	Options                  []*CommandOption `json:"options"`
}

// CommandOption is an option in a registered command's definition.
type CommandOption struct {
	Type        int              `json:"type"`
	Name        string           `json:"name"`
	Description string           `json:"description"`
	Required    bool             `json:"required,omitempty"`
	Choices     []*Choice        `json:"choices,omitempty"`
	Options     []*CommandOption `json:"options,omitempty"`
	MinValue    *float64         `json:"min_value,omitempty"`
	MaxLength   int              `json:"max_length,omitempty"`
}

// Choice is a predefined value of an option.
type Choice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// Identify is a recorded IDENTIFY (op 2) payload.
type Identify struct {
	Token      string `json:"token"`
	Intents    int    `json:"intents"`
	Compress   bool   `json:"compress"`
	Properties struct {
		OS      string `json:"os"`
		Browser string `json:"browser"`
		Device  string `json:"device"`
	} `json:"properties"`
}

// Resume is a recorded RESUME (op 6) payload.
type Resume struct {
	Token     string `json:"token"`
	SessionID string `json:"session_id"`
	Seq       int64  `json:"seq"`
}

// Component is a message or modal component as clients send it.
type Component struct {
	Type        int          `json:"type"`
	CustomID    string       `json:"custom_id,omitempty"`
	Label       string       `json:"label,omitempty"`
	Style       int          `json:"style,omitempty"`
	Placeholder string       `json:"placeholder,omitempty"`
	Value       string       `json:"value,omitempty"`
	Required    *bool        `json:"required,omitempty"`
	Components  []*Component `json:"components,omitempty"`
}

// CallbackData is the data of an interaction response.
type CallbackData struct {
	Content         string           `json:"content"`
	Flags           int              `json:"flags"`
	CustomID        string           `json:"custom_id"`
	Title           string           `json:"title"`
	Components      []*Component     `json:"components"`
	AllowedMentions *AllowedMentions `json:"allowed_mentions"`
}

// Ephemeral is the message flag that shows a message to its invoker only.
const Ephemeral = 1 << 6
