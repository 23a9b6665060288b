DROP TABLE unsolicited_mails;
