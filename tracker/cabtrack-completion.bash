# cabtrack-completion.bash - bash completion for cabtrack: commands,
# subcommands, each command's options and their values.
#
# Options are read from `cabtrack COMMAND [SUBCOMMAND] --help` the first
# time they are needed, then kept per command in _cabtrack_cache; the
# choices a usage line spells out (--format text|json|csv, --state
# open|closed|all, --preset smime|servercert|codesigning) come from there
# too.  Document names, refs, ballot IDs and meeting dates come from the
# hidden `cabtrack __complete docs|refs|ballots|meetings` (tracker/
# cmd_complete.c), which reads the database that --db, $CABTRACK_DB or
# ./cabtrack.db names and prints nothing when there is none.
#
# `make install` puts this file in share/bash-completion/completions/cabtrack;
# or source it from ~/.bashrc.

declare -gA _cabtrack_cache=()

# The subcommands of a command (none for most).
_cabtrack_subcommands()
{
	case $1 in
	ballot) echo "list show add set vote plan diff" ;;
	meeting) echo "add list" ;;
	render) echo "status minutes agenda ics all" ;;
	import) echo "github minutes state" ;;
	sync) echo "github" ;;
	esac
}

# Run cabtrack as the user typed it, with the --db they gave; never a word on stderr.
_cabtrack_run()
{
	"$_cabtrack_bin" "${_cabtrack_global[@]}" "$@" 2>/dev/null
}

# The commands, from `cabtrack --help` (hidden "__" ones are not listed there), and help.
_cabtrack_commands()
{
	if [[ -z ${_cabtrack_cache[commands]} ]]; then
		_cabtrack_cache[commands]="$(_cabtrack_run --help |
			awk '/^Commands:/ { on = 1; next } on && /^   [a-z]/ { print $1 } on && /^$/ { on = 0 }' |
			tr '\n' ' ')help"
	fi
	echo "${_cabtrack_cache[commands]}"
}

#
# Read the options of "CMD [SUB]" from its --help once, into the cache:
#   o:KEY          the options to offer (for a subcommand: those of its
#                  usage lines, and those listed that no usage line names)
#   v:KEY          the options that take a value (" --doc --at ... ")
#   c:KEY:--OPT    the choices a usage line spells out for --OPT
#
_cabtrack_load()
{
	local key=$1 cmd=$2 sub=$3 kind opt rest
	[[ -n ${_cabtrack_cache[o:$key]+set} ]] && return
	_cabtrack_cache[o:$key]=""
	_cabtrack_cache[v:$key]=" "
	while read -r kind opt rest; do
		case $kind in
		o) _cabtrack_cache[o:$key]+="$opt " ;;
		v) _cabtrack_cache[v:$key]+="$opt " ;;
		c) _cabtrack_cache[c:$key:$opt]="$rest" ;;
		esac
	done < <(_cabtrack_run "$cmd" ${sub:+"$sub"} --help | awk -v cmd="$cmd" -v s="$sub" '
		function tokens(line, arr,   n) {
			n = 0
			while (match(line, /--[A-Za-z][-A-Za-z0-9]*/)) {
				arr[++n] = substr(line, RSTART, RLENGTH)
				line = substr(line, RSTART + RLENGTH)
			}
			return n
		}
		function note(o) { if (!(o in seen)) { seen[o] = 1; order[++norder] = o } }
		function offer(o) { if (!(o in offered)) { offered[o] = 1; print "o " o } }
		BEGIN { usage = 1 }
		usage && /^[ \t]*$/ { usage = 0; next }
		usage {
			if (match($0, /^[ \t]*(usage|or):[ \t]*/)) {
				rest = substr($0, RLENGTH + 1)
				mine = s == "" || index(rest " ", "cabtrack " cmd " " s " ") == 1
				forms += mine
			}
			n = tokens($0, t)
			for (i = 1; i <= n; i++) {
				note(t[i]); inusage[t[i]] = 1
				if (mine) ours[t[i]] = 1
			}
			line = $0
			while (mine && match(line, /--[a-z][-a-z]* [A-Za-z][-A-Za-z]*(\|[A-Za-z][-A-Za-z]*)+/)) {
				m = substr(line, RSTART, RLENGTH); line = substr(line, RSTART + RLENGTH)
				split(m, parts, " "); nc = split(parts[2], alt, "|")
				for (i = 1; i <= nc; i++)
					if (alt[i] ~ /^[a-z][-a-z]*$/ && index(" " choices[parts[1]] " ", " " alt[i] " ") == 0)
						choices[parts[1]] = choices[parts[1]] " " alt[i]
				value[parts[1]] = 1
			}
			next
		}
		/^[ \t]+-/ {
			n = tokens($0, t)
			for (i = 1; i <= n; i++) {
				note(t[i])
				if (match($0, t[i] " [A-Z]"))
					value[t[i]] = 1
			}
		}
		/^   [a-z]+(-[a-z]+)+  / { rules[++nrules] = $1 }
		END {
			for (k = 1; k <= norder; k++) {
				o = order[k]
				if (s != "" && forms && !(o in ours) && (o in inusage))
					continue
				if (o == "--no-RULE")
					for (r = 1; r <= nrules; r++)
						offer("--no-" rules[r])
				if (o !~ /[A-Z]/)
					offer(o)
			}
			offer("--help")
			for (o in value)
				print "v " o
			for (o in choices)
				print "c " o choices[o]
		}')
}

# Offer the words of $1 that start with the current word, each once.
_cabtrack_offer()
{
	local w have=" ${COMPREPLY[*]} "
	while IFS= read -r w; do
		[[ -n $w && $have != *" $w "* ]] && COMPREPLY+=("$w") && have+="$w "
	done < <(compgen -W "$1" -- "$_cabtrack_cur")
}

# Offer files (folders too), as file names.
_cabtrack_files()
{
	local w
	compopt -o filenames 2>/dev/null
	while IFS= read -r w; do
		COMPREPLY+=("$w")
	done < <(compgen -f -- "$_cabtrack_cur")
}

# The forms of a day every date option takes (man cabtrack, DATES AND TIMES).
_cabtrack_days="today yesterday tomorrow +1w +2w +1m +3m +6m +1y -1w -2w -1m -3m -6m -1y"

# Zones: IANA names from the system's tzdata (a folder at a time, as paths
# complete), UTC, and the abbreviations cabtrack takes for a zone.
_cabtrack_zones()
{
	local z=/usr/share/zoneinfo w
	_cabtrack_offer "UTC EST EDT ET CST CDT CT MST MDT MT PST PDT PT CET CEST WET WEST BST EET EEST"
	[[ -d $z ]] || return
	compopt -o nospace 2>/dev/null
	while IFS= read -r w; do
		w=${w#"$z"/}
		# folders (America/) and the zones in them; not the old top-level links (EST5EDT, Japan)
		[[ $w == *.* || $w == posix* || $w == right* || $w == [a-z]* ]] && continue
		if [[ -d $z/$w ]]; then
			w+=/
		elif [[ $w != */* ]]; then
			continue
		fi
		COMPREPLY+=("$w")
	done < <(compgen -f -- "$z/$_cabtrack_cur")
	# a whole name ends the word
	((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} != */ ]] && compopt +o nospace 2>/dev/null
}

# Offer what `cabtrack __complete KIND` prints, for the document --doc named.
_cabtrack_dynamic()
{
	_cabtrack_offer "$(_cabtrack_run __complete "$1" ${_cabtrack_doc:+--doc "$_cabtrack_doc"})"
}

# The value of option $1 of "CMD [SUB]" (cache key $2).
_cabtrack_value()
{
	local opt=$1 key=$2
	case $opt in
	--db | --path | --out | --token-file | --templates) _cabtrack_files ;;
	--doc) _cabtrack_dynamic docs ;;
	--at | --base | --head) _cabtrack_dynamic refs ;;
	--ballot) _cabtrack_dynamic ballots ;;
	--meeting)
		_cabtrack_offer "${_cabtrack_cache[c:$key:--meeting]:-next last}"
		_cabtrack_dynamic meetings
		;;
	--state)
		_cabtrack_offer "${_cabtrack_cache[c:$key:--state]:-draft discussion voting passed failed ipr-review effective withdrawn}"
		;;
	--keyword) _cabtrack_offer "MUST SHALL SHOULD MAY REQUIRED RECOMMENDED OPTIONAL" ;;
	--from | --to | --since | --discussion-start | --vote-start | --vote-end | --ipr-ends)
		_cabtrack_offer "$_cabtrack_days"
		;;
	--tz) _cabtrack_zones ;;
	--time) _cabtrack_offer "09:00 10:00 11:00 12:00 14:00 15:00 16:00 17:00 11am 3pm" ;;
	*) _cabtrack_offer "${_cabtrack_cache[c:$key:$opt]}" ;;
	esac
}

_cabtrack()
{
	local -a _cabtrack_global=()
	local _cabtrack_bin=${COMP_WORDS[0]/#\~/$HOME} _cabtrack_cur=${COMP_WORDS[COMP_CWORD]} _cabtrack_doc=
	local prev= opt= cmd= sub= key= subs w i
	local -a args=()
	COMPREPLY=()
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}

	# "--format=j": bash splits at '=' (COMP_WORDBREAKS)
	if [[ $_cabtrack_cur == = ]]; then
		opt=$prev
		_cabtrack_cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	# What was typed before the current word: global options, the command, its subcommand, arguments.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		local val= has_val=0
		if [[ ${COMP_WORDS[i + 1]} == = ]] && ((i + 2 < COMP_CWORD)); then
			val=${COMP_WORDS[i + 2]} has_val=2
		elif ((i + 1 < COMP_CWORD)); then
			val=${COMP_WORDS[i + 1]} has_val=1
		fi
		if [[ -z $cmd ]]; then
			case $w in
			--db)
				((has_val)) && _cabtrack_global=(--db "$val") && ((i += has_val))
				;;
			--db=*) _cabtrack_global=("$w") ;;
			-*) ;;
			*)
				cmd=$w key=$w
				_cabtrack_load "$key" "$cmd"
				;;
			esac
			continue
		fi
		if [[ $w == -* ]]; then
			if [[ $w == --doc=* ]]; then
				_cabtrack_doc=${w#--doc=}
			elif [[ ${_cabtrack_cache[v:$key]} == *" $w "* ]] && ((has_val)); then
				[[ $w == --doc ]] && _cabtrack_doc=$val
				((i += has_val))
			fi
			continue
		fi
		subs=$(_cabtrack_subcommands "$cmd")
		if [[ -z $sub && ${#args[@]} -eq 0 && " $subs " == *" $w "* ]]; then
			sub=$w key="$cmd $w"
			_cabtrack_load "$key" "$cmd" "$sub"
		else
			args+=("$w")
		fi
	done

	if [[ -z $opt && -n $cmd && ${_cabtrack_cache[v:$key]} == *" $prev "* ]]; then
		opt=$prev
	elif [[ -z $opt && -z $cmd && $prev == --db ]]; then
		opt=--db
	fi
	if [[ -n $opt ]]; then
		_cabtrack_value "$opt" "$key"
		return 0
	fi

	if [[ -z $cmd ]]; then
		if [[ $_cabtrack_cur == -* ]]; then
			_cabtrack_offer "--db --help --version"
		else
			_cabtrack_offer "$(_cabtrack_commands)"
		fi
		return 0
	fi
	if [[ $_cabtrack_cur == -* ]]; then
		_cabtrack_offer "${_cabtrack_cache[o:$key]}"
		return 0
	fi

	subs=$(_cabtrack_subcommands "$cmd")
	case $cmd in
	help)
		((${#args[@]} == 0)) && _cabtrack_offer "$(_cabtrack_commands)"
		;;
	import)
		if [[ -n $sub ]]; then
			_cabtrack_files
		else
			((${#args[@]} == 0)) && _cabtrack_offer "$subs"
			_cabtrack_files
		fi
		;;
	diff)
		((${#args[@]} < 2)) && _cabtrack_dynamic refs
		;;
	check)
		if ((${#args[@]} == 0)); then
			_cabtrack_dynamic ballots
			_cabtrack_dynamic refs
		fi
		;;
	config)
		if ((${#args[@]} == 1)); then
			case ${args[0]} in
			meeting.tz) _cabtrack_zones ;;
			meeting.time) _cabtrack_value --time "$key" ;;
			meeting.anchor) _cabtrack_offer "$_cabtrack_days" ;;
			esac
		elif ((${#args[@]} == 0)); then
			local d keys="cabtrack.wg cabtrack.github cabtrack.api-url cabtrack.pages cabtrack.document meeting.tz meeting.time meeting.cadence meeting.anchor"
			for d in $(_cabtrack_run __complete docs); do
				keys+=" document.$d.url document.$d.path document.$d.branch document.$d.remote"
			done
			_cabtrack_offer "$keys"
		fi
		;;
	*)
		if [[ -n $subs && -z $sub ]]; then
			_cabtrack_offer "$subs"
		elif [[ $cmd == ballot && ${#args[@]} -eq 0 && " show set vote plan diff " == *" $sub "* ]]; then
			_cabtrack_dynamic ballots
		fi
		;;
	esac
	return 0
}

complete -F _cabtrack cabtrack
